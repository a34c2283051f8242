package dev.autoship.predictor.training;

/** Every training thread is busy and as many trainings as allowed already wait: the predictor is overloaded. */
public final class TrainingQueueFullException extends RuntimeException {

    public TrainingQueueFullException(int queued) {
        super(queued + " trainings of other customers are already waiting for a training thread");
    }
}
