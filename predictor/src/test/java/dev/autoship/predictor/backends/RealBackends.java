package dev.autoship.predictor.backends;

import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.RedisNode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one real Elasticsearch and one real Redis per test JVM: started on first use, stopped when
 * the JVM's tests are done (and by shutdown hooks if the JVM dies first).
 */
public final class RealBackends implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealBackends.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ElasticsearchNode.class || type == RedisNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == ElasticsearchNode.class) {
            return store.getOrComputeIfAbsent("elasticsearch", key -> new Closing<>(ElasticsearchNode.start()),
                    Closing.class).resource();
        }
        return store.getOrComputeIfAbsent("redis", key -> new Closing<>(RedisNode.start()), Closing.class).resource();
    }

    private record Closing<T extends AutoCloseable>(T resource) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
