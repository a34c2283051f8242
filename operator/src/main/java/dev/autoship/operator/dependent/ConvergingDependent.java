package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;

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
        return DesiredState.stamp(build(cluster, context), json, unhashedPaths());
    }

    @Override
    public Result<R> match(R actual, R desired, PredictorCluster cluster, Context<PredictorCluster> context) {
        // as JOSDK's own match: carry over the annotation its event filtering keeps on the stored object
        addMetadata(true, actual, desired, cluster, context);
        return Result.computed(DesiredState.matches(desired, actual, json, ownedPaths()), desired);
    }
}
