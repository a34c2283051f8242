package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a search answer, read as a stream: each hit's {@code _source} becomes a document as the parser
 * reaches it, so no tree of the whole answer (or of the client library's response model) is ever built.
 * Reads the answer shape that {@code filter_path=hits.hits._id,hits.hits._source,hits.hits.sort} leaves,
 * and ignores anything else it meets.
 *
 * @param hits      the hits in answer order
 * @param afterLast the last hit's sort values, to ask for the next page with {@code search_after}
 */
record SearchPage(List<Hit> hits, Optional<JsonNode> afterLast) {

    /** One hit: its document id and its source ({@code null} when the hit carries none). */
    record Hit(String id, ObjectNode source) {
    }

    static SearchPage read(InputStream answer, ObjectMapper json) throws IOException {
        List<Hit> hits = new ArrayList<>();
        JsonNode lastSort = null;
        try (JsonParser parser = json.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the search answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("hits") && parser.currentToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = parser.currentName();
                        parser.nextToken();
                        if (inner.equals("hits") && parser.currentToken() == JsonToken.START_ARRAY) {
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                lastSort = readHit(parser, json, hits);
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new SearchPage(hits, Optional.ofNullable(lastSort));
    }

    /** Reads one hit object (the parser is on its START_OBJECT), adds it and returns its sort values. */
    private static JsonNode readHit(JsonParser parser, ObjectMapper json, List<Hit> hits) throws IOException {
        String id = null;
        ObjectNode source = null;
        JsonNode sort = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "_id" -> id = parser.getValueAsString();
                case "_source" -> source = value == JsonToken.START_OBJECT ? json.readTree(parser) : skip(parser);
                case "sort" -> sort = json.readTree(parser);
                default -> parser.skipChildren();
            }
        }
        hits.add(new Hit(id, source));
        return sort;
    }

    private static ObjectNode skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }
}
