package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/**
 * A dependent that converges to the spec: removals and hand edits included ({@link DesiredState}).
 * Subclasses build the desired object in {@link #build}; the hash and the owned-path check are added here, so
 * every dependent matches the same way in tests and in production.
 */
public abstract class ConvergingDependent<R extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, PredictorCluster> {

    private final KubernetesSerialization json = new KubernetesSerialization();

    protected ConvergingDependent(Class<R> resourceType) {
        super(resourceType);
    }

    /** The object the spec asks for. */
    protected abstract R build(PredictorCluster cluster, Context<PredictorCluster> context);

    /** JSON pointers the operator owns whole: a value added there by hand is reverted. */
    protected abstract List<String> ownedPaths();

    /** JSON pointers left out of the hash because they follow something else than the spec (the HPA's count). */
    protected List<String> unhashedPaths() {
        return List.of();
    }

    @Override
    protected final R desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        R desired = StoredForm.withoutEmptyStrings(build(cluster, context), json);
        OwnedMetadata.record(desired);
        return DesiredState.stamp(desired, json, unhashedPaths());
    }

    /**
     * JOSDK's update replaces everything but the metadata, whose labels and annotations it only adds to: drop
     * first those the operator set before and the spec no longer asks for. Others' keys stay. Every write is
     * recorded, so that another writer undoing it again and again is noticed ({@link ConflictingWriters}).
     */
    @Override
    public R update(R actual, R desired, PredictorCluster cluster, Context<PredictorCluster> context) {
        String changed = DesiredState.difference(desired, actual, json, ownedPaths()).orElse("/");
        R trimmed = json.clone(actual);
        OwnedMetadata.dropStale(trimmed, desired);
        R updated = super.update(trimmed, keepingOthersValues(actual, json.clone(desired)), cluster, context);
        ConflictingWriters.of(context).wrote(cluster, desired, DesiredState.hashOf(desired), changed);
        return updated;
    }

    /**
     * Values others keep inside what the update replaces, copied from {@code actual} into {@code desired} (a copy
     * the subclass may change); none by default.
     */
    protected R keepingOthersValues(R actual, R desired) {
        return desired;
    }

    /**
     * The object exists but its informer does not see it: everyone removed the labels it selects by (the operator's
     * own are among them). If it is this cluster's, it is taken back by an update, which puts the labels back;
     * anyone else's object of that name is left alone and the conflict reported.
     */
    @Override
    public R create(R desired, PredictorCluster cluster, Context<PredictorCluster> context) {
        try {
            return super.create(desired, cluster, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            R existing = context.getClient().resource(desired).get();
            if (existing == null || !controlledBy(existing, cluster)) {
                throw e;
            }
            return update(existing, desired, cluster, context);
        }
    }

    private static boolean controlledBy(HasMetadata resource, PredictorCluster cluster) {
        return resource.getMetadata().getOwnerReferences().stream().anyMatch(owner -> Boolean.TRUE.equals(
                owner.getController()) && cluster.getMetadata().getUid().equals(owner.getUid()));
    }

    /**
     * A dependent that differs is reported as matching while it is held ({@link ConflictingWriters}): the write is
     * skipped, so the operator waits out another writer instead of undoing its change at once, again and again.
     */
    @Override
    public Result<R> match(R actual, R desired, PredictorCluster cluster, Context<PredictorCluster> context) {
        // as JOSDK's own match: carry over the annotation its event filtering keeps on the stored object
        addMetadata(true, actual, desired, cluster, context);
        Optional<String> difference = DesiredState.difference(desired, actual, json, ownedPaths());
        ConflictingWriters writers = ConflictingWriters.of(context);
        if (difference.isEmpty()) {
            writers.matches(cluster, desired);
            return Result.computed(true, desired);
        }
        return Result.computed(writers.held(cluster, desired, difference.get()), desired);
    }
}
