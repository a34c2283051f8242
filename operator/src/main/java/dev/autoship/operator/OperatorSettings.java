package dev.autoship.operator;

import dev.autoship.operator.dependent.ConflictBackoff;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configuration of the operator process, read only from environment variables (see README).
 *
 * @param watchNamespaces namespaces to watch; empty = all
 * @param resyncInterval  every resource is reconciled at least this often, even without events
 * @param conflictBackoff when the operator stops writing an object something else keeps changing back
 */
public record OperatorSettings(Set<String> watchNamespaces, boolean leaderElection, String leaseName,
        Optional<String> operatorNamespace, int httpPort, Duration resyncInterval, ConflictBackoff conflictBackoff) {

    public static final String WATCH_NAMESPACES = "AUTOSHIP_OPERATOR_WATCH_NAMESPACES";
    public static final String LEADER_ELECTION = "AUTOSHIP_OPERATOR_LEADER_ELECTION";
    public static final String LEASE_NAME = "AUTOSHIP_OPERATOR_LEASE_NAME";
    public static final String NAMESPACE = "AUTOSHIP_OPERATOR_NAMESPACE";
    public static final String HTTP_PORT = "AUTOSHIP_OPERATOR_HTTP_PORT";
    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

    /** Reads the settings; a bad value is an {@link IllegalArgumentException} naming the variable. */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault(WATCH_NAMESPACES, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        String election = env.getOrDefault(LEADER_ELECTION, "true").trim().toLowerCase();
        if (!election.equals("true") && !election.equals("false")) {
            throw new IllegalArgumentException(LEADER_ELECTION + " must be true or false, got '" + election + "'");
        }
        String lease = env.getOrDefault(LEASE_NAME, "autoship-operator").trim();
        if (!lease.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new IllegalArgumentException(LEASE_NAME + " must be a Kubernetes object name, got '" + lease + "'");
        }
        Optional<String> namespace = Optional.ofNullable(env.get(NAMESPACE)).map(String::trim).filter(s -> !s.isEmpty());
        return new OperatorSettings(namespaces, Boolean.parseBoolean(election), lease, namespace,
                port(env.getOrDefault(HTTP_PORT, "8080")), DEFAULT_RESYNC, ConflictBackoff.DEFAULT);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(HTTP_PORT + " must be a port number (0-65535), got '" + value + "'");
    }
}
