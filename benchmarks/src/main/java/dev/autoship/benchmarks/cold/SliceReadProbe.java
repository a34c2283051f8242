package dev.autoship.benchmarks.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.Shipment;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * Ways of reading one customer's history, raw (JDK HTTP client, one connection per concurrent request), compared in
 * one JVM in rotating turns: the predictor's query as one request, the window split into k time ranges of equal
 * counts read at once, and single-request variations (whole source, sort without the tie-breaker, gzip). Each read
 * parses every hit's source into shipments, as a read must. Prints one CSV line per read, prefixed {@code slice,}.
 * Arguments: variants (comma-separated, see {@link #variant}), warm-up reads, repeats, then the customer ids.
 */
public final class SliceReadProbe {

    private static final List<String> FIELDS = List.of("orderId", "shippedAt", "order.weightOz",
            "order.lengthIn", "order.widthIn", "order.heightIn", "order.orderTotal", "order.itemCount", "order.store",
            "order.requestedService", "order.shipTo.country", "order.shipTo.state", "order.shipTo.postalCode",
            "order.shipTo.residential", "shipment.carrier", "shipment.service", "shipment.packaging");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String searchUrl;
    private final Instant since;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private SliceReadProbe(String searchUrl, Instant since) {
        this.searchUrl = searchUrl;
        this.since = since;
    }

    public static void main(String[] args) throws Exception {
        List<String> variants = List.of(args[0].split(":"));
        int warmUp = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        List<String> customers = List.of(args).subList(3, args.length);
        PredictorSettings settings = PredictorSettings.from(System.getenv());
        var elasticsearch = settings.elasticsearch().orElseThrow();
        String url = elasticsearch.url().toString().replaceAll("/$", "");
        SliceReadProbe probe = new SliceReadProbe(url + "/" + elasticsearch.index() + "/_search",
                Instant.now().minus(settings.historyWindow()));
        for (int i = 0; i < warmUp; i++) {
            for (String variant : variants) {
                probe.variant(variant, customers.get(i % customers.size()));
            }
        }
        System.out.println("slice,variant,customer,repeat,docs,wall_ms,max_took,sum_took,kb");
        for (int repeat = 0; repeat < repeats; repeat++) {
            for (int c = 0; c < customers.size(); c++) {
                for (int v = 0; v < variants.size(); v++) {
                    String variant = variants.get((v + c + repeat) % variants.size());
                    Result result = probe.variant(variant, customers.get(c));
                    System.out.printf("slice,%s,%s,%d,%d,%.2f,%d,%d,%d%n", variant, customers.get(c), repeat,
                            result.docs(), result.wallMillis(), result.maxTook(), result.sumTook(), result.bytes() / 1024);
                }
            }
        }
        probe.threads.close();
    }

    record Result(int docs, double wallMillis, long maxTook, long sumTook, long bytes) {
    }

    record Response(List<Shipment> shipments, long took, long bytes) {
    }

    /**
     * {@code one} (the predictor's query), {@code kN} (N equal-count time ranges at once; the boundaries come from
     * an untimed read first; {@code fkN} the same with the whole source), {@code full} (whole source), {@code inc4}
     * (includes: the four top-level fields read), {@code incw} (the same with wildcards below order and shipment),
     * {@code excl} (excludes customerId), {@code dv} (docvalue_fields, no source), {@code dvnone} (the same
     * without stored fields: no _id), {@code nosort2} (shippedAt only), {@code gzip},
     * {@code count} (a _count of the customer's window), {@code agg} (size 0 and a date histogram).
     */
    Result variant(String variant, String customer) throws Exception {
        if (variant.startsWith("k") || variant.startsWith("fk")) {
            int k = Integer.parseInt(variant.substring(variant.indexOf('k') + 1));
            String sliceSource = variant.startsWith("fk") ? "\"_source\":true" : "\"_source\":{\"includes\":" + fields() + "}";
            List<Instant> times = read(customer, query(customer, since.toString(), null, true, "\"_source\":{\"includes\":"
                    + fields() + "}", 5000), false).shipments().stream().map(Shipment::shippedAt).toList();
            List<String> bounds = new ArrayList<>();
            bounds.add(null);
            for (int i = 1; i < k; i++) {
                bounds.add(times.isEmpty() ? since.toString() : times.get(times.size() * i / k).toString());
            }
            bounds.add(since.toString());
            long start = System.nanoTime();
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                // newest first: [bounds(i+1), bounds(i)), the first one open at the top, the last one from `since`
                String body = query(customer, bounds.get(i + 1), bounds.get(i), true, sliceSource, 5000);
                futures.add(threads.submit(() -> read(customer, body, false)));
            }
            int docs = 0;
            long max = 0;
            long sum = 0;
            long bytes = 0;
            for (Future<Response> future : futures) {
                Response response = future.get();
                docs += response.shipments().size();
                max = Math.max(max, response.took());
                sum += response.took();
                bytes += response.bytes();
            }
            return new Result(docs, (System.nanoTime() - start) / 1e6, max, sum, bytes);
        }
        String body = switch (variant) {
            case "one", "gzip" -> query(customer, since.toString(), null, true, "\"_source\":{\"includes\":" + fields() + "}", 5000);
            case "full" -> query(customer, since.toString(), null, true, "\"_source\":true", 5000);
            case "inc4" -> query(customer, since.toString(), null, true,
                    "\"_source\":{\"includes\":[\"orderId\",\"shippedAt\",\"order\",\"shipment\"]}", 5000);
            case "incw" -> query(customer, since.toString(), null, true,
                    "\"_source\":{\"includes\":[\"orderId\",\"shippedAt\",\"order.*\",\"shipment.*\"]}", 5000);
            case "dv" -> query(customer, since.toString(), null, true, "\"_source\":false,\"docvalue_fields\":" + fields(), 5000);
            case "dvnone" -> query(customer, since.toString(), null, true,
                    "\"_source\":false,\"stored_fields\":\"_none_\",\"docvalue_fields\":" + fields(), 5000);
            case "excl" -> query(customer, since.toString(), null, true, "\"_source\":{\"excludes\":[\"customerId\"]}", 5000);
            case "nosort2" -> query(customer, since.toString(), null, false, "\"_source\":{\"includes\":" + fields() + "}", 5000);
            case "count", "agg" -> null;
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        long start = System.nanoTime();
        if (variant.equals("count") || variant.equals("agg")) {
            String filter = "{\"bool\":{\"filter\":[{\"term\":{\"customerId\":\"" + customer + "\"}},"
                    + "{\"range\":{\"shippedAt\":{\"gte\":\"" + since + "\"}}}]}}";
            String url = variant.equals("count") ? searchUrl.replace("/_search", "/_count") : searchUrl;
            String request = variant.equals("count") ? "{\"query\":" + filter + "}"
                    : "{\"size\":0,\"track_total_hits\":true,\"query\":" + filter + ",\"aggs\":{\"t\":{\"date_histogram\":"
                    + "{\"field\":\"shippedAt\",\"fixed_interval\":\"1d\",\"min_doc_count\":1}}}}";
            byte[] answer = send(url, request, false);
            JsonNode tree = json.readTree(answer);
            long took = tree.path("took").asLong(-1);
            return new Result(tree.path("count").asInt(tree.path("hits").path("total").path("value").asInt()),
                    (System.nanoTime() - start) / 1e6, took, took, answer.length);
        }
        Response response = read(customer, body, variant.equals("gzip"));
        return new Result(response.shipments().size(), (System.nanoTime() - start) / 1e6, response.took(),
                response.took(), response.bytes());
    }

    private static String fields() {
        return "[" + String.join(",", FIELDS.stream().map(f -> "\"" + f + "\"").toList()) + "]";
    }

    private static String query(String customer, String from, String before, boolean tieBreak, String source, int size) {
        String range = "\"gte\":\"" + from + "\"" + (before == null ? "" : ",\"lt\":\"" + before + "\"");
        return "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"customerId\":\"" + customer + "\"}},"
                + "{\"range\":{\"shippedAt\":{" + range + "}}}]}},"
                + "\"sort\":[{\"shippedAt\":{\"order\":\"desc\"}}" + (tieBreak ? ",{\"orderId\":{\"order\":\"asc\"}}" : "") + "],"
                + "\"size\":" + size + ",\"track_total_hits\":false," + source + "}";
    }

    private Response read(String customer, String body, boolean gzip) throws Exception {
        byte[] answer = send(searchUrl + "?allow_partial_search_results=false", body, gzip);
        long bytes = answer.length;
        if (gzip) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(answer))) {
                answer = in.readAllBytes();
            }
        }
        JsonNode tree = json.readTree(answer);
        List<Shipment> shipments = new ArrayList<>();
        for (JsonNode hit : tree.path("hits").path("hits")) {
            shipments.add(ElasticsearchHistory.shipment(customer, hit.has("_source") ? (ObjectNode) hit.get("_source")
                    : fromDocValues((ObjectNode) hit.get("fields"))));
        }
        return new Response(shipments, tree.path("took").asLong(-1), bytes);
    }

    /** The document a hit's docvalue fields describe (one value per field; the date as Elasticsearch formats it). */
    private ObjectNode fromDocValues(ObjectNode fields) {
        ObjectNode document = json.createObjectNode();
        fields.properties().forEach(field -> {
            ObjectNode parent = document;
            String[] path = field.getKey().split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            parent.set(path[path.length - 1], field.getValue().get(0));
        });
        return document;
    }

    private byte[] send(String url, String body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + new String(response.body()));
        }
        return response.body();
    }
}
