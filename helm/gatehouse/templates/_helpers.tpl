{{/*
The four services, in the order objects are rendered. Each has a values block of the same name.
*/}}
{{- define "gatehouse.components" -}}
gateway registry identity audit
{{- end }}

{{/*
Chart name, overridable.
*/}}
{{- define "gatehouse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified release prefix. Truncated so "<prefix>-registry" stays within 63 characters.
*/}}
{{- define "gatehouse.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart label value: name and version.
*/}}
{{- define "gatehouse.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object of the release.
*/}}
{{- define "gatehouse.labels" -}}
helm.sh/chart: {{ include "gatehouse.chart" . }}
{{ include "gatehouse.releaseSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gatehouse
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of every pod of the release (used by the default-deny NetworkPolicy).
*/}}
{{- define "gatehouse.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "gatehouse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of one component's objects. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.componentName" -}}
{{- printf "%s-%s" (include "gatehouse.fullname" .root) .component }}
{{- end }}

{{/*
Labels of one component's objects. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.componentLabels" -}}
{{ include "gatehouse.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Selector labels of one component's pods. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.componentSelectorLabels" -}}
{{ include "gatehouse.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
In-cluster base URL of one component. Call with (dict "root" $ "component" "identity").
*/}}
{{- define "gatehouse.componentUrl" -}}
{{- $values := index .root.Values .component }}
{{- printf "http://%s:%v" (include "gatehouse.componentName" .) $values.port }}
{{- end }}

{{/*
Image reference of one component. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.image" -}}
{{- $image := (index .root.Values .component).image }}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/*
ServiceAccount name of one component. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- include "gatehouse.componentName" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/*
Whether a component keeps data in PostgreSQL (every service but the gateway).
*/}}
{{- define "gatehouse.usesDatabase" -}}
{{- if ne .component "gateway" }}true{{ end }}
{{- end }}

{{/*
Whether a component's API may be reached from outside the release.
*/}}
{{- define "gatehouse.exposed" -}}
{{- $values := .root.Values }}
{{- if eq .component "gateway" }}true
{{- else if and (eq .component "audit") $values.audit.exposed }}true
{{- else if and (has .component (list "registry" "identity")) $values.managementApi.exposed }}true
{{- end }}
{{- end }}

{{/*
Application configuration of one component, as environment variables (the ConfigMap's data).
Secrets are never here: they come from secretKeyRef in the Deployment.
*/}}
{{- define "gatehouse.componentConfig" -}}
{{- $root := .root }}
{{- $values := index $root.Values .component }}
QUARKUS_HTTP_PORT: {{ $values.port | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ $root.Values.kafka.bootstrapServers | quote }}
{{- if include "gatehouse.usesDatabase" . }}
QUARKUS_DATASOURCE_JDBC_URL: {{ $root.Values.postgresql.jdbcUrl | quote }}
QUARKUS_DATASOURCE_USERNAME: {{ $root.Values.postgresql.username | quote }}
QUARKUS_FLYWAY_MIGRATE_AT_START: {{ $root.Values.postgresql.migrateAtStart | quote }}
{{- end }}
{{- if ne .component "gateway" }}
{{- /* Registry, identity and audit serve management APIs that take identity's JWTs. */}}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ printf "%s/.well-known/jwks.json" (include "gatehouse.componentUrl" (dict "root" $root "component" "identity")) | quote }}
MP_JWT_VERIFY_ISSUER: {{ $root.Values.jwt.issuer | quote }}
{{- end }}
{{- if eq .component "gateway" }}
GATEHOUSE_REGISTRY_URL: {{ include "gatehouse.componentUrl" (dict "root" $root "component" "registry") | quote }}
GATEHOUSE_IDENTITY_URL: {{ include "gatehouse.componentUrl" (dict "root" $root "component" "identity") | quote }}
QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%vs" $values.shutdown.timeoutSeconds | quote }}
{{- else if has .component (list "registry" "audit") }}
GATEHOUSE_IDENTITY_URL: {{ include "gatehouse.componentUrl" (dict "root" $root "component" "identity") | quote }}
{{- else if eq .component "identity" }}
GATEHOUSE_IDENTITY_JWT_ISSUER: {{ $root.Values.jwt.issuer | quote }}
GATEHOUSE_IDENTITY_JWT_SIGNING_KEY_LOCATION: {{ printf "/etc/gatehouse/jwt/%s" $values.signingKeyKey | quote }}
GATEHOUSE_IDENTITY_JWT_KEY_ID: {{ $values.jwtKeyId | quote }}
{{- end }}
{{- range $key, $value := $values.config }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
Environment taken from Secrets for one component.
*/}}
{{- define "gatehouse.secretEnv" -}}
{{- $root := .root }}
{{- $values := index $root.Values .component }}
{{- if include "gatehouse.usesDatabase" . }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.postgresql.existingSecret }}
      key: {{ $root.Values.postgresql.passwordKey }}
{{- end }}
{{- if eq .component "gateway" }}
- name: GATEHOUSE_GATEWAY_SESSION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $values.existingSecret }}
      key: {{ $values.sessionKeyKey }}
{{- else if eq .component "registry" }}
- name: GATEHOUSE_REGISTRY_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $values.existingSecret }}
      key: {{ $values.encryptionKeyKey }}
{{- else if eq .component "identity" }}
- name: GATEHOUSE_IDENTITY_OPERATOR_CREDENTIAL
  valueFrom:
    secretKeyRef:
      name: {{ $values.existingSecret }}
      key: {{ $values.operatorCredentialKey }}
{{- else if eq .component "audit" }}
- name: GATEHOUSE_AUDIT_QUERY_CURSOR_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $values.existingSecret }}
      key: {{ $values.cursorSecretKey }}
{{- end }}
{{- end }}
