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

{{- define "autoship-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "autoship-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "autoship-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "autoship-operator.labels" -}}
helm.sh/chart: {{ include "autoship-operator.chart" . }}
{{ include "autoship-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: autoship
app.kubernetes.io/managed-by: {{ .Release.Service }}
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
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
{{- end }}

{{/* The Lease in the release namespace. Must equal OperatorPermissions.leaderElectionRules(). */}}
{{- define "autoship-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create", "get", "update"]
{{- end }}

{{/* Combinations of values the schema cannot express, refused with a message naming the values. */}}
{{- define "autoship-operator.validateValues" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: several operators would reconcile the same resources; enable leader election or set replicaCount to 1" (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled: the ServiceMonitor scrapes the metrics Service" }}
{{- end }}
{{- range .Values.extraEnv }}
{{- if hasPrefix "AUTOSHIP_OPERATOR_" .name }}
{{- fail (printf "extraEnv must not set %s: the chart sets AUTOSHIP_OPERATOR_* from watchNamespaces and leaderElection" .name) }}
{{- end }}
{{- end }}
{{- end }}
