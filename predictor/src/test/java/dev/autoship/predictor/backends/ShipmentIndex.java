package dev.autoship.predictor.backends;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Creates the shipments index with the shipped mapping and loads shipment documents into it. */
public final class ShipmentIndex implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient rest;
    private final ElasticsearchClient client;
    private final String index;

    public ShipmentIndex(String url, String index) {
        this.rest = RestClient.builder(HttpHost.create(url)).build();
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(JSON)));
        this.index = index;
        try (InputStream mapping = ShipmentIndex.class.getResourceAsStream("/elasticsearch/shipments-mapping.json")) {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                client.indices().create(c -> c.index(index).withJson(mapping));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void add(List<Shipment> shipments) {
        try {
            for (int from = 0; from < shipments.size(); from += 2000) {
                BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
                for (Shipment shipment : shipments.subList(from, Math.min(shipments.size(), from + 2000))) {
                    bulk.operations(op -> op.index(doc -> doc.index(index)
                            .id(shipment.customerId() + "/" + shipment.order().orderId())
                            .document(document(shipment))));
                }
                BulkResponse response = client.bulk(bulk.build());
                if (response.errors()) {
                    throw new IllegalStateException("bulk indexing failed: " + response.items().getFirst().error());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipment as the history contract (docs/architecture.md, contract 1) lays it out. */
    public static ObjectNode document(Shipment shipment) {
        Order order = shipment.order();
        ObjectNode document = JSON.createObjectNode()
                .put("customerId", shipment.customerId())
                .put("orderId", order.orderId())
                .put("shippedAt", shipment.shippedAt().toString());
        ObjectNode orderNode = document.putObject("order");
        order.weightOz().ifPresent(v -> orderNode.put("weightOz", v));
        order.orderTotal().ifPresent(v -> orderNode.put("orderTotal", v));
        order.itemCount().ifPresent(v -> orderNode.put("itemCount", v));
        order.lengthIn().ifPresent(v -> orderNode.put("lengthIn", v));
        order.widthIn().ifPresent(v -> orderNode.put("widthIn", v));
        order.heightIn().ifPresent(v -> orderNode.put("heightIn", v));
        order.store().ifPresent(v -> orderNode.put("store", v));
        order.requestedService().ifPresent(v -> orderNode.put("requestedService", v));
        ObjectNode shipTo = orderNode.putObject("shipTo").put("residential", order.shipTo().residential());
        order.shipTo().country().ifPresent(v -> shipTo.put("country", v));
        order.shipTo().state().ifPresent(v -> shipTo.put("state", v));
        order.shipTo().postalCode().ifPresent(v -> shipTo.put("postalCode", v));
        document.putObject("shipment")
                .put("carrier", shipment.shipment().carrier())
                .put("service", shipment.shipment().service())
                .put("packaging", shipment.shipment().packaging());
        return document;
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
