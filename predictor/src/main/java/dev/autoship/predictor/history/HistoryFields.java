package dev.autoship.predictor.history;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import co.elastic.clients.elasticsearch.core.field_caps.FieldCapability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields the history reads match a customer on and break ties of the sort with. The contract maps
 * {@code customerId} and {@code orderId} as {@code keyword}; an index filled without that mapping (Elasticsearch's
 * dynamic mapping) has them as analyzed {@code text} with a {@code .keyword} sub-field, on which a term query finds
 * nothing and a sort fails. Such an index is read through the sub-fields, with a warning naming the shipped mapping.
 *
 * @param customerId the field a customer's shipments are matched and counted on
 * @param orderId    the field that orders shipments of the same time
 */
record HistoryFields(String customerId, String orderId) {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFields.class);

    /** The contract's own fields. */
    static final HistoryFields CONTRACT = new HistoryFields("customerId", "orderId");

    /** Field types a term query matches exactly and a sort or aggregation reads as whole values. */
    private static final Set<String> EXACT = Set.of("keyword", "constant_keyword", "wildcard");

    /**
     * The fields to use in {@code index}, from its field capabilities; empty while the index does not exist or has
     * no mapping for {@code customerId} yet (nothing to decide on: the contract's fields are used meanwhile).
     */
    static Optional<HistoryFields> of(ElasticsearchClient client, String index) throws IOException {
        FieldCapsResponse caps = client.fieldCaps(request -> request.index(index).ignoreUnavailable(true)
                .fields("customerId", "customerId.keyword", "orderId", "orderId.keyword"));
        Map<String, Map<String, FieldCapability>> fields = caps.fields();
        if (!fields.containsKey("customerId")) {
            return Optional.empty();
        }
        HistoryFields chosen = new HistoryFields(exact(fields, "customerId", index), exact(fields, "orderId", index));
        if (!chosen.equals(CONTRACT)) {
            LOG.warn("Index '{}' does not map customerId and orderId as keyword (filled without the shipped mapping?):"
                    + " history reads use {} and {}; create the index with"
                    + " src/main/resources/elasticsearch/shipments-mapping.json", index, chosen.customerId, chosen.orderId);
        }
        return Optional.of(chosen);
    }

    private static String exact(Map<String, Map<String, FieldCapability>> fields, String field, String index) {
        Map<String, FieldCapability> types = fields.getOrDefault(field, Map.of());
        if (!types.isEmpty() && EXACT.containsAll(types.keySet())) {
            return field;
        }
        Map<String, FieldCapability> sub = fields.getOrDefault(field + ".keyword", Map.of());
        if (!sub.isEmpty() && EXACT.containsAll(sub.keySet())) {
            return field + ".keyword";
        }
        if (!types.isEmpty()) {
            LOG.warn("Index '{}' maps {} as {} and has no keyword sub-field: history reads of it may find nothing or be"
                    + " refused; the contract maps it as keyword", index, field, types.keySet());
        }
        return field;
    }
}
