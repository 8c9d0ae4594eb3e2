{{/* The chart name. */}}
{{- define "kg-rca-agent.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-kg-rca-agent, or the release name when it already contains the chart name. */}}
{{- define "kg-rca-agent.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kg-rca-agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "kg-rca-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
kg-rca.io/tenant: {{ .Values.client.id }}
{{- end -}}

{{- define "kg-rca-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kg-rca-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kg-rca-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kg-rca-agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kg-rca-agent.agentImage" -}}
{{- printf "%s:%s" .Values.agent.image.repository (default .Chart.AppVersion .Values.agent.image.tag) -}}
{{- end -}}

{{- define "kg-rca-agent.clusterName" -}}
{{- default .Values.client.id .Values.cluster.name -}}
{{- end -}}

{{- define "kg-rca-agent.leaseName" -}}
{{- default (printf "%s-leader" (include "kg-rca-agent.fullname" .)) .Values.agent.lease.name -}}
{{- end -}}

{{/* The Kafka security protocol: never the SASL mechanism (the original chart's bug). */}}
{{- define "kg-rca-agent.securityProtocol" -}}
{{- $k := .Values.client.kafka -}}
{{- if and $k.sasl.enabled $k.tls.enabled -}}SASL_SSL
{{- else if $k.sasl.enabled -}}SASL_PLAINTEXT
{{- else if $k.tls.enabled -}}SSL
{{- else -}}PLAINTEXT
{{- end -}}
{{- end -}}

{{/* The Secret with SASL credentials: the user's existing one, or the chart's. */}}
{{- define "kg-rca-agent.saslSecretName" -}}
{{- default (printf "%s-kafka-sasl" (include "kg-rca-agent.fullname" .)) .Values.client.kafka.sasl.existingSecret -}}
{{- end -}}

{{- define "kg-rca-agent.saslUsernameKey" -}}
{{- if .Values.client.kafka.sasl.existingSecret -}}{{ .Values.client.kafka.sasl.existingSecretUsernameKey }}{{- else -}}username{{- end -}}
{{- end -}}

{{- define "kg-rca-agent.saslPasswordKey" -}}
{{- if .Values.client.kafka.sasl.existingSecret -}}{{ .Values.client.kafka.sasl.existingSecretPasswordKey }}{{- else -}}password{{- end -}}
{{- end -}}

{{/* Fails the render when a required combination is missing (the schema checks single values). */}}
{{- define "kg-rca-agent.validate" -}}
{{- $k := .Values.client.kafka -}}
{{- if and $k.sasl.enabled (not $k.sasl.existingSecret) (or (not $k.sasl.username) (not $k.sasl.password)) -}}
{{- fail "client.kafka.sasl.enabled needs client.kafka.sasl.existingSecret, or both username and password" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (or (not .Values.networkPolicy.kafkaCidrs) (not .Values.networkPolicy.apiServerCidrs)) -}}
{{- fail "networkPolicy.enabled needs networkPolicy.kafkaCidrs and networkPolicy.apiServerCidrs" -}}
{{- end -}}
{{- end -}}

{{/* Kafka connection environment shared by the agent and the hook Jobs (KafkaSettings in the agent reads it). */}}
{{- define "kg-rca-agent.kafkaEnv" -}}
- name: CLIENT_ID
  value: {{ .Values.client.id | quote }}
- name: CLUSTER_NAME
  value: {{ include "kg-rca-agent.clusterName" . | quote }}
- name: KAFKA_BROKERS
  value: {{ required "client.kafka.brokers is required" .Values.client.kafka.brokers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ include "kg-rca-agent.securityProtocol" . | quote }}
{{- if .Values.client.kafka.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .Values.client.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "kg-rca-agent.saslSecretName" . }}
      key: {{ include "kg-rca-agent.saslUsernameKey" . }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "kg-rca-agent.saslSecretName" . }}
      key: {{ include "kg-rca-agent.saslPasswordKey" . }}
{{- end }}
{{- if and .Values.client.kafka.tls.enabled .Values.client.kafka.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "/etc/kg-rca/kafka-ca/%s" .Values.client.kafka.tls.caKey | quote }}
{{- end }}
- name: TOPIC_REGISTRY
  value: {{ .Values.topics.registry | quote }}
- name: TOPIC_HEARTBEAT
  value: {{ .Values.topics.heartbeat | quote }}
- name: TOPIC_RESOURCES
  value: {{ .Values.topics.resources | quote }}
- name: TOPIC_TOPOLOGY
  value: {{ .Values.topics.topology | quote }}
- name: TOPIC_EVENTS
  value: {{ .Values.topics.events | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: RELEASE_NAME
  value: {{ .Release.Name | quote }}
- name: CHART_VERSION
  value: {{ .Chart.Version | quote }}
- name: AGENT_VERSION
  value: {{ default .Chart.AppVersion .Values.agent.image.tag | quote }}
- name: JAVA_OPTS
  value: {{ .Values.agent.javaOpts | quote }}
{{- end -}}

{{/* The CA volume of TLS, when a CA Secret is given. */}}
{{- define "kg-rca-agent.caVolume" -}}
{{- if and .Values.client.kafka.tls.enabled .Values.client.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.client.kafka.tls.caSecret }}
{{- end }}
{{- end -}}

{{- define "kg-rca-agent.caMount" -}}
{{- if and .Values.client.kafka.tls.enabled .Values.client.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/kg-rca/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* Container security of the agent and the hooks: non-root, read-only root file system, nothing extra. */}}
{{- define "kg-rca-agent.containerSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
