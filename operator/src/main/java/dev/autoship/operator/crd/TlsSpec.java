package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Trust for Elasticsearch over https and Redis over rediss, besides the JVM's default CAs. */
public record TlsSpec(
        @JsonPropertyDescription("PEM CA certificates mounted read-only into the pods and trusted by the predictor "
                + "(AUTOSHIP_TRUSTED_CA_FILE), e.g. a private CA") CaBundleSpec caBundle) {
}
