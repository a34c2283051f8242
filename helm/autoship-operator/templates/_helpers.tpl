{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "autoship-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name: fullnameOverride, else "<release>-<chart>" shortened when one name already
holds the other (release "autoship" gives "autoship-operator", not "autoship-autoship-operator").
*/}}
{{- define "autoship-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else if hasPrefix (printf "%s-" .Release.Name) $name }}
{{- $name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The metrics Service: Service names are DNS labels, so the suffix must fit in 63 characters too. */}}
{{- define "autoship-operator.metricsServiceName" -}}
{{- printf "%s-metrics" (include "autoship-operator.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{- define "autoship-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "autoship-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "autoship-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The labels the chart itself puts on every resource. */}}
{{- define "autoship-operator.chartLabels" -}}
helm.sh/chart: {{ include "autoship-operator.chart" . }}
{{ include "autoship-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: autoship
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of every resource (and of the operator pods): the chart's own plus commonLabels. */}}
{{- define "autoship-operator.labels" -}}
{{ include "autoship-operator.chartLabels" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "autoship-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "autoship-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "autoship-operator.subjects" -}}
- kind: ServiceAccount
  name: {{ include "autoship-operator.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}

{{- define "autoship-operator.leaseName" -}}
{{- default (include "autoship-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* registry/repository followed by @digest, or by :tag (default: the chart's appVersion). */}}
{{- define "autoship-operator.image" -}}
{{- $repository := .Values.image.repository }}
{{- if .Values.image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .Values.image.registry) .Values.image.repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
What the reconciler reads and writes in every watched namespace. Must equal
dev.autoship.operator.rbac.OperatorPermissions.watchedNamespaceRules(); RbacRulesTest compares them.
*/}}
{{- define "autoship-operator.watchedNamespaceRules" -}}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["autoship.dev"]
  resources: ["predictorclusters"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["autoship.dev"]
  resources: ["predictorclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
{{- end }}

{{/*
Reading CustomResourceDefinitions (cluster-scoped, so always a ClusterRole): the operator creates a PodMonitor only
where the Prometheus Operator's CRD is installed. Must equal OperatorPermissions.crdPresenceRules().
*/}}
{{- define "autoship-operator.crdPresenceRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get"]
{{- end }}

{{/* The Lease in the release namespace. Must equal OperatorPermissions.leaderElectionRules(). */}}
{{- define "autoship-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create", "get", "update"]
{{- end }}

{{/*
The operator container's environment as the chart sets it; extraEnv is appended after it and may not repeat
any of these names (validateValues reads them from here).
*/}}
{{- define "autoship-operator.env" -}}
- name: AUTOSHIP_OPERATOR_WATCH_NAMESPACES
  value: {{ join "," .Values.watchNamespaces | quote }}
- name: AUTOSHIP_OPERATOR_LEADER_ELECTION
  value: {{ .Values.leaderElection.enabled | quote }}
- name: AUTOSHIP_OPERATOR_LEASE_NAME
  value: {{ include "autoship-operator.leaseName" . | quote }}
- name: AUTOSHIP_OPERATOR_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: AUTOSHIP_OPERATOR_HTTP_PORT
  value: "8080"
- name: AUTOSHIP_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
{{- end }}

{{/*
Preferred (not required) spreading of the operator pods over nodes: with leader election a standby on another
node takes over when the leader's node fails, and a small cluster can still schedule every replica.
*/}}
{{- define "autoship-operator.podAntiAffinity" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - weight: 100
    podAffinityTerm:
      topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "autoship-operator.selectorLabels" . | nindent 10 }}
{{- end }}

{{/* The affinity values, plus the anti-affinity above when several replicas run and none is given. */}}
{{- define "autoship-operator.affinity" -}}
{{- $affinity := deepCopy .Values.affinity }}
{{- if and (gt (int .Values.replicaCount) 1) (not (hasKey $affinity "podAntiAffinity")) }}
{{- $_ := set $affinity "podAntiAffinity" (include "autoship-operator.podAntiAffinity" . | fromYaml) }}
{{- end }}
{{- with $affinity }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/* The topologySpreadConstraints values; one without a labelSelector counts the operator's own pods. */}}
{{- define "autoship-operator.topologySpreadConstraints" -}}
{{- range .Values.topologySpreadConstraints }}
{{- $constraint := deepCopy . }}
{{- if not (hasKey $constraint "labelSelector") }}
{{- $_ := set $constraint "labelSelector" (dict "matchLabels" (include "autoship-operator.selectorLabels" $ | fromYaml)) }}
{{- end }}
{{ toYaml (list $constraint) }}
{{- end }}
{{- end }}

{{/* "true" when a served version of the shipped CRD has the scale subresource (kubectl scale works on it). */}}
{{- define "autoship-operator.crdServesScale" -}}
{{- $crd := .Files.Get "files/predictorclusters.autoship.dev-v1.yml" | fromYaml }}
{{- range $crd.spec.versions }}
{{- if and .served (dig "subresources" "scale" "" .) }}true{{ end }}
{{- end }}
{{- end }}

{{/* A Prometheus duration (1h30m, 15s, 500ms; the schema checks the syntax) in milliseconds. */}}
{{- define "autoship-operator.durationMillis" -}}
{{- $unitMillis := dict "y" 31536000000 "w" 604800000 "d" 86400000 "h" 3600000 "m" 60000 "s" 1000 "ms" 1 }}
{{- $millis := 0 }}
{{- range regexFindAll "[0-9]+(ms|y|w|d|h|m|s)" . -1 }}
{{- $number := regexFind "^[0-9]+" . }}
{{- $millis = add $millis (mul (atoi $number) (get $unitMillis (trimPrefix $number .))) }}
{{- end }}
{{- $millis }}
{{- end }}

{{/*
A Kubernetes quantity (500m, 1.5Gi, 1e9, 2; the schema checks the syntax) as a number, to compare requests with
limits. Decimal fractions divide (100m is 100/1000) so that equal quantities written differently compare equal.
*/}}
{{- define "autoship-operator.quantityValue" -}}
{{- $quantity := toString . }}
{{- $number := regexFind "^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)" $quantity }}
{{- $suffix := trimPrefix $number $quantity }}
{{- $value := float64 $number }}
{{- $multipliers := dict "" 1.0 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0 }}
{{- $divisors := dict "m" 1e3 "u" 1e6 "n" 1e9 }}
{{- if hasKey $multipliers $suffix }}
{{- $value = mulf $value (get $multipliers $suffix) }}
{{- else if hasKey $divisors $suffix }}
{{- $value = divf $value (get $divisors $suffix) }}
{{- else }}
{{- $exponent := atoi (trimPrefix "+" (substr 1 -1 $suffix)) }}
{{- range until (int (max $exponent (sub 0 $exponent))) }}
{{- $value = ternary (mulf $value 10.0) (divf $value 10.0) (gt $exponent 0) }}
{{- end }}
{{- end }}
{{- $value }}
{{- end }}

{{/* Combinations of values the schema cannot express, refused with a message naming the values. */}}
{{- define "autoship-operator.validateValues" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (gt $replicas 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: several operators would reconcile the same resources; enable leader election or set replicaCount to 1" $replicas) }}
{{- end }}
{{- include "autoship-operator.validateMetrics" . }}
{{- include "autoship-operator.validateResources" . }}
{{- include "autoship-operator.validateExtraEnv" . }}
{{- include "autoship-operator.validateLabels" . }}
{{- include "autoship-operator.validatePodDisruptionBudget" . }}
{{- end }}

{{- define "autoship-operator.validateMetrics" -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled: the ServiceMonitor scrapes the metrics Service" }}
{{- end }}
{{- with .Values.metrics.serviceMonitor }}
{{- if and .enabled .interval .scrapeTimeout }}
{{- if gt (include "autoship-operator.durationMillis" .scrapeTimeout | atoi) (include "autoship-operator.durationMillis" .interval | atoi) }}
{{- fail (printf "metrics.serviceMonitor.scrapeTimeout (%s) must not exceed metrics.serviceMonitor.interval (%s): Prometheus refuses such a scrape configuration" .scrapeTimeout .interval) }}
{{- end }}
{{- end }}
{{- end }}
{{- if hasKey (.Values.metrics.prometheusRule.alertLabels | default dict) "severity" }}
{{- fail "metrics.prometheusRule.alertLabels must not set severity: every alert sets its own (metrics.prometheusRule.alerts.<alert>.severity)" }}
{{- end }}
{{- if and .Values.metrics.enabled (not (regexMatch "^[a-z]" (include "autoship-operator.metricsServiceName" .))) }}
{{- fail (printf "the metrics Service would be named %s, but Service names must start with a letter: set fullnameOverride to a name that does (or use a release name that does), or metrics.enabled=false" (include "autoship-operator.metricsServiceName" .)) }}
{{- end }}
{{- end }}

{{- define "autoship-operator.validateResources" -}}
{{- $limits := .Values.resources.limits | default dict }}
{{- range $resource, $request := .Values.resources.requests }}
{{- if hasKey $limits $resource }}
{{- $limit := get $limits $resource }}
{{- if gt (include "autoship-operator.quantityValue" $request | float64) (include "autoship-operator.quantityValue" $limit | float64) }}
{{- fail (printf "resources.requests.%s (%v) exceeds resources.limits.%s (%v): Kubernetes refuses a container that requests more than its limit; raise the limit too" $resource $request $resource $limit) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "autoship-operator.validateExtraEnv" -}}
{{- $chartEnv := dict }}
{{- range include "autoship-operator.env" . | fromYamlArray }}
{{- $_ := set $chartEnv .name true }}
{{- end }}
{{- $extraEnv := dict }}
{{- range $index, $variable := .Values.extraEnv }}
{{- if hasKey $chartEnv $variable.name }}
{{- fail (printf "extraEnv[%d] sets %s, which the chart already sets: change it through the chart's values (see values.yaml) instead" $index $variable.name) }}
{{- end }}
{{- if hasKey $extraEnv $variable.name }}
{{- fail (printf "extraEnv[%d] sets %s a second time (first at extraEnv[%d]): the container would only see the last one" $index $variable.name (get $extraEnv $variable.name)) }}
{{- end }}
{{- $_ := set $extraEnv $variable.name $index }}
{{- end }}
{{- end }}

{{- define "autoship-operator.validateLabels" -}}
{{- $chartLabels := include "autoship-operator.chartLabels" . | fromYaml }}
{{- range $key, $_ := .Values.commonLabels }}
{{- if hasKey $chartLabels $key }}
{{- fail (printf "commonLabels must not set %s: the chart sets it on every resource" $key) }}
{{- end }}
{{- if hasPrefix "rbac.authorization.k8s.io/" $key }}
{{- fail (printf "commonLabels must not set %s: on the operator's ClusterRole it would hand the operator's permissions to Kubernetes' default roles" $key) }}
{{- end }}
{{- end }}
{{- range $key, $_ := .Values.podLabels }}
{{- if hasKey $chartLabels $key }}
{{- fail (printf "podLabels must not set %s: the chart sets it on the operator pods (the Deployment and Services select them by these labels)" $key) }}
{{- end }}
{{- if hasKey ($.Values.commonLabels | default dict) $key }}
{{- fail (printf "podLabels must not set %s: commonLabels already sets it on the operator pods" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{- define "autoship-operator.validatePodDisruptionBudget" -}}
{{- $replicas := int .Values.replicaCount }}
{{- with .Values.podDisruptionBudget }}
{{- if and .enabled (gt $replicas 1) }}
{{- $minAvailable := int .minAvailable }}
{{- if kindIs "string" .minAvailable }}
{{- /* Kubernetes rounds a percentage of pods up. */ -}}
{{- $percent := trimSuffix "%" .minAvailable | atoi }}
{{- $minAvailable = div (add (mul $percent $replicas) 99) 100 }}
{{- end }}
{{- if ge $minAvailable $replicas }}
{{- fail (printf "podDisruptionBudget.minAvailable (%v, i.e. %d pods) must be below replicaCount (%d): a budget that never allows an eviction blocks every node drain" .minAvailable $minAvailable $replicas) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- include "autoship-operator.validateValues" . }}
