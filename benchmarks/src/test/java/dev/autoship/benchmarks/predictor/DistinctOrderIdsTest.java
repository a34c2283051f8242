package dev.autoship.benchmarks.predictor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistinctOrderIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySendOfTheSameBodyCarriesAnOrderIdOfItsOwn() throws Exception {
        byte[] body = ("{\"customerId\":\"c\",\"order\":{\"orderId\":\"o-7" + DistinctOrderIds.SLOT
                + "\",\"weightOz\":3}}").getBytes(StandardCharsets.UTF_8);
        DistinctOrderIds distinct = new DistinctOrderIds();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            var order = JSON.readTree(distinct.apply(body)).get("order");
            assertThat(order.get("orderId").asText()).startsWith("o-7~");
            assertThat(order.get("weightOz").asInt()).isEqualTo(3);
            sent.add(order.get("orderId").asText());
        }
        assertThat(sent).hasSize(1_000);
        assertThat(distinct.sent()).isEqualTo(1_000);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains(DistinctOrderIds.SLOT);
    }

    @Test
    void aBodyWithoutTheSlotIsRefused() {
        assertThatThrownBy(() -> new DistinctOrderIds().apply("{\"order\":{\"orderId\":\"o\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
