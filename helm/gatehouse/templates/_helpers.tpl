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
In-cluster base URL of one component's internal listener (registry, identity): its own Service.
Call with (dict "root" $ "component" "identity").
*/}}
{{- define "gatehouse.internalUrl" -}}
{{- $values := index .root.Values .component }}
{{- printf "http://%s-internal:%v" (include "gatehouse.componentName" .) $values.internalPort }}
{{- end }}

{{/*
Whether a component serves an internal listener (/internal/v1/... on its own port).
*/}}
{{- define "gatehouse.hasInternalListener" -}}
{{- if has .component (list "registry" "identity") }}true{{ end }}
{{- end }}

{{/*
The internal endpoints each caller uses (H2): gateway -> registry, identity; registry -> identity;
audit -> identity. Callees trust exactly these callers' public keys.
*/}}
{{- define "gatehouse.calleesOf" -}}
{{- if eq .component "gateway" }}registry identity
{{- else if has .component (list "registry" "audit") }}identity
{{- end }}
{{- end }}

{{- define "gatehouse.callersOf" -}}
{{- if eq .component "identity" }}gateway registry audit
{{- else if eq .component "registry" }}gateway
{{- end }}
{{- end }}

{{/*
Database account of a component: (dict "username" "existingSecret" "passwordKey").
*/}}
{{- define "gatehouse.dbAccount" -}}
{{- toJson (index .root.Values.postgresql .component) }}
{{- end }}

{{/*
Image reference of one component. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.image" -}}
{{- $image := (index .root.Values .component).image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}
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
Secrets are never here: they come from secretKeyRef in the Deployment, or mounted files.
*/}}
{{- define "gatehouse.componentConfig" -}}
{{- $root := .root }}
{{- $component := .component }}
{{- $values := index $root.Values .component }}
QUARKUS_HTTP_PORT: {{ $values.port | quote }}
{{- if include "gatehouse.hasInternalListener" . }}
GATEHOUSE_INTERNAL_PORT: {{ $values.internalPort | quote }}
{{- end }}
KAFKA_BOOTSTRAP_SERVERS: {{ $root.Values.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ $root.Values.kafka.securityProtocol | quote }}
{{- with $root.Values.kafka.saslMechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
{{- end }}
{{- if include "gatehouse.usesDatabase" . }}
{{- $db := index $root.Values.postgresql .component }}
QUARKUS_DATASOURCE_JDBC_URL: {{ $root.Values.postgresql.jdbcUrl | quote }}
QUARKUS_DATASOURCE_USERNAME: {{ $db.username | quote }}
{{- if eq .component "audit" }}
{{- /* Never at start: the runtime user cannot migrate; the audit-migrate Job does, as the owner. */}}
QUARKUS_FLYWAY_MIGRATE_AT_START: "false"
QUARKUS_DATASOURCE_RETENTION_USERNAME: {{ $root.Values.postgresql.auditRetention.username | quote }}
{{- else }}
QUARKUS_FLYWAY_MIGRATE_AT_START: {{ $root.Values.postgresql.migrateAtStart | quote }}
{{- end }}
{{- end }}
{{- if ne .component "gateway" }}
{{- /* Registry, identity and audit serve management APIs that take identity's JWTs. */}}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ printf "%s/.well-known/jwks.json" (include "gatehouse.componentUrl" (dict "root" $root "component" "identity")) | quote }}
MP_JWT_VERIFY_ISSUER: {{ $root.Values.jwt.issuer | quote }}
{{- end }}
GATEHOUSE_SERVICE_AUTH_NAME: {{ .component | quote }}
{{- if include "gatehouse.calleesOf" . }}
GATEHOUSE_SERVICE_AUTH_PRIVATE_KEY: "/etc/gatehouse/service-auth/private-key.pem"
{{- end }}
{{- range $caller := splitList " " (include "gatehouse.callersOf" .) }}
{{- if $caller }}
GATEHOUSE_SERVICE_AUTH_TRUSTED_{{ upper $caller }}: {{ printf "/etc/gatehouse/service-auth/trusted/%s.pem" $caller | quote }}
{{- end }}
{{- end }}
{{- if eq .component "gateway" }}
GATEHOUSE_REGISTRY_URL: {{ include "gatehouse.internalUrl" (dict "root" $root "component" "registry") | quote }}
GATEHOUSE_IDENTITY_URL: {{ include "gatehouse.internalUrl" (dict "root" $root "component" "identity") | quote }}
QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%vs" $values.shutdown.timeoutSeconds | quote }}
GATEHOUSE_GATEWAY_AUDIT_STRICT: {{ $values.audit.strict | quote }}
GATEHOUSE_GATEWAY_AUDIT_SPOOL_MAX_SIZE: {{ $values.spool.maxSize | quote }}
{{- with $values.trustedProxies }}
GATEHOUSE_GATEWAY_CLIENT_IP_TRUSTED_PROXIES: {{ join "," . | quote }}
{{- end }}
{{- else if has .component (list "registry" "audit") }}
GATEHOUSE_IDENTITY_URL: {{ include "gatehouse.internalUrl" (dict "root" $root "component" "identity") | quote }}
{{- if eq .component "audit" }}
GATEHOUSE_AUDIT_CHAIN_KEY_ID: {{ $values.chainKeyId | quote }}
{{- end }}
{{- else if eq .component "identity" }}
GATEHOUSE_IDENTITY_JWT_ISSUER: {{ $root.Values.jwt.issuer | quote }}
GATEHOUSE_IDENTITY_JWT_SIGNING_KEY_LOCATION: {{ printf "/etc/gatehouse/jwt/%s" $values.signingKeyKey | quote }}
GATEHOUSE_IDENTITY_JWT_KEY_ID: {{ $values.jwtKeyId | quote }}
{{- end }}
{{- if has .component (list "gateway" "registry") }}
{{- /* Both connect to URLs workspace admins register: never into the cluster's own ranges. */}}
{{- $denied := concat $root.Values.cluster.serviceCidrs $root.Values.cluster.podCidrs $root.Values.outbound.denied | uniq }}
{{- with $denied }}
GATEHOUSE_OUTBOUND_DENIED: {{ join "," . | quote }}
{{- end }}
{{- with $root.Values.outbound.allowed }}
GATEHOUSE_OUTBOUND_ALLOWED: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := $values.config }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
A secretKeyRef environment variable. Call with (dict "name" "VAR" "secret" "s" "key" "k").
*/}}
{{- define "gatehouse.secretKeyEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}

{{/*
Environment taken from Secrets for one component.
*/}}
{{- define "gatehouse.secretEnv" -}}
{{- $root := .root }}
{{- $values := index $root.Values .component }}
{{- if include "gatehouse.usesDatabase" . }}
{{- $db := index $root.Values.postgresql .component }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "QUARKUS_DATASOURCE_PASSWORD" "secret" $db.existingSecret "key" $db.passwordKey) }}
{{- end }}
{{- if eq .component "audit" }}
{{- $retention := $root.Values.postgresql.auditRetention }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "QUARKUS_DATASOURCE_RETENTION_PASSWORD" "secret" $retention.existingSecret "key" $retention.passwordKey) }}
{{- end }}
{{- with (index $root.Values.kafka.principals .component).existingSecret }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "KAFKA_SASL_JAAS_CONFIG" "secret" . "key" (index $root.Values.kafka.principals $.component).jaasConfigKey) }}
{{- end }}
{{- if eq .component "gateway" }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "GATEHOUSE_GATEWAY_SESSION_KEY" "secret" $values.existingSecret "key" $values.sessionKeyKey) }}
{{- else if eq .component "registry" }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "GATEHOUSE_REGISTRY_ENCRYPTION_KEY" "secret" $values.existingSecret "key" $values.encryptionKeyKey) }}
{{- else if eq .component "identity" }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "GATEHOUSE_IDENTITY_OPERATOR_CREDENTIAL" "secret" $values.existingSecret "key" $values.operatorCredentialKey) }}
{{- else if eq .component "audit" }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "GATEHOUSE_AUDIT_QUERY_CURSOR_SECRET" "secret" $values.existingSecret "key" $values.cursorSecretKey) }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "GATEHOUSE_AUDIT_CHAIN_KEY" "secret" $values.existingSecret "key" $values.chainKeyKey) }}
{{- end }}
{{- end }}

{{/*
The service-auth files of one component as a projected volume (H2): a caller's own private key,
a callee's trusted public keys of exactly its callers. Empty for a component with neither.
*/}}
{{- define "gatehouse.serviceAuthVolume" -}}
{{- $root := .root }}
{{- $auth := $root.Values.serviceAuth }}
{{- $callers := compact (splitList " " (include "gatehouse.callersOf" .)) }}
{{- if or (include "gatehouse.calleesOf" .) $callers }}
- name: service-auth
  projected:
    defaultMode: 0440
    sources:
      {{- if include "gatehouse.calleesOf" . }}
      - secret:
          name: {{ index $auth.privateKeySecrets .component }}
          items:
            - key: {{ $auth.privateKeyKey }}
              path: private-key.pem
      {{- end }}
      {{- if $callers }}
      - secret:
          name: {{ $auth.publicKeysSecret }}
          items:
            {{- range $callers }}
            - key: {{ . }}.pem
              path: trusted/{{ . }}.pem
            {{- end }}
      {{- end }}
{{- end }}
{{- end }}

{{/*
IPv4 address "a.b.c.d" as an integer.
*/}}
{{- define "gatehouse.ipv4ToInt" -}}
{{- $octets := splitList "." . }}
{{- add (mul (index $octets 0 | int64) 16777216) (mul (index $octets 1 | int64) 65536) (mul (index $octets 2 | int64) 256) (index $octets 3 | int64) }}
{{- end }}

{{/*
"true" when CIDR .inner lies inside CIDR .outer (same family). IPv4 exactly; IPv6 only for an
outer ::/0 (anything narrower is taken as given; see the README).
*/}}
{{- define "gatehouse.cidrContains" -}}
{{- $outer := splitList "/" .outer }}
{{- $inner := splitList "/" .inner }}
{{- $outerIsV6 := contains ":" (first $outer) }}
{{- if eq $outerIsV6 (contains ":" (first $inner)) }}
{{- $outerBits := last $outer | int }}
{{- if $outerIsV6 }}
{{- if eq $outerBits 0 }}true{{ end }}
{{- else if le $outerBits (last $inner | int) }}
{{- $block := 1 }}
{{- range until (sub 32 $outerBits | int) }}{{ $block = mul $block 2 }}{{ end }}
{{- if eq (div (include "gatehouse.ipv4ToInt" (first $outer) | int64) $block) (div (include "gatehouse.ipv4ToInt" (first $inner) | int64) $block) }}true{{ end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Ranges upstream traffic never reaches, whatever upstreamCidrs says: link-local (169.254.169.254
and every cloud's metadata endpoint there), Alibaba's 100.100.100.200, AWS's IPv6 fd00:ec2::254,
and the cluster's own Pod and Service CIDRs.
*/}}
{{- define "gatehouse.neverUpstream" -}}
{{- concat (list "169.254.0.0/16" "100.100.100.200/32" "fe80::/10" "fd00:ec2::254/128") .Values.cluster.serviceCidrs .Values.cluster.podCidrs | toJson }}
{{- end }}

{{/*
Egress peers of gateway and registry towards upstream MCP servers (H1, M1): each upstream CIDR
minus the never-reached ranges and upstreamExcept lying inside it.
*/}}
{{- define "gatehouse.upstreamPeers" -}}
{{- $root := . }}
{{- $egress := .Values.networkPolicy.egress }}
{{- $never := include "gatehouse.neverUpstream" . | fromJsonArray }}
{{- range $cidr := $egress.upstreamCidrs }}
{{- range $never }}
{{- if include "gatehouse.cidrContains" (dict "outer" . "inner" $cidr) }}
{{- fail (printf "networkPolicy.egress.upstreamCidrs: %s lies inside %s, which upstream traffic never reaches (link-local/metadata or the cluster's own ranges)" $cidr .) }}
{{- end }}
{{- end }}
{{- $except := list }}
{{- range concat $never $egress.upstreamExcept }}
{{- if and (ne . $cidr) (include "gatehouse.cidrContains" (dict "outer" $cidr "inner" .)) }}
{{- $except = append $except . }}
{{- end }}
{{- end }}
- ipBlock:
    cidr: {{ $cidr }}
    {{- with uniq $except }}
    except:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}
{{- end }}

{{/*
Refuses value combinations that would render an insecure or broken install.
*/}}
{{- define "gatehouse.validate" -}}
{{- $v := .Values }}
{{- if and $v.gateway.ingress.enabled (not $v.gateway.trustedProxies) }}
{{- fail "gateway.trustedProxies must be set when gateway.ingress.enabled: name your ingress controller's pod CIDR or addresses, else every client behind it shares one rate-limit bucket (H8)" }}
{{- end }}
{{- $principals := list }}
{{- range $component := splitList " " (include "gatehouse.components" .) }}
{{- $principal := index $v.kafka.principals $component }}
{{- if and (hasPrefix "SASL" $v.kafka.securityProtocol) (not $principal.existingSecret) }}
{{- fail (printf "kafka.principals.%s.existingSecret must be set with kafka.securityProtocol=%s: every service authenticates as its own principal" $component $v.kafka.securityProtocol) }}
{{- end }}
{{- if $principal.existingSecret }}
{{- $id := printf "%s/%s" $principal.existingSecret $principal.jaasConfigKey }}
{{- if has $id $principals }}
{{- fail (printf "kafka.principals: %s is used by two services; each service needs its own Kafka principal" $id) }}
{{- end }}
{{- $principals = append $principals $id }}
{{- end }}
{{- end }}
{{- range $v.kafka.extraEnv }}
{{- if eq .name "KAFKA_SASL_JAAS_CONFIG" }}
{{- fail "kafka.extraEnv must not set KAFKA_SASL_JAAS_CONFIG (one principal for every service); use kafka.principals.<service>" }}
{{- end }}
{{- end }}
{{- $users := list }}
{{- range $account := list "registry" "identity" "audit" "auditRetention" "auditOwner" }}
{{- $username := (index $v.postgresql $account).username }}
{{- if has $username $users }}
{{- fail (printf "postgresql.%s.username %s is already used by another account: every service, the retention purge and the audit schema owner need their own database user" $account $username) }}
{{- end }}
{{- $users = append $users $username }}
{{- end }}
{{- range $component := list "registry" "identity" }}
{{- $values := index $v $component }}
{{- if eq (int $values.port) (int $values.internalPort) }}
{{- fail (printf "%s.internalPort must differ from %s.port: /internal/* has a port of its own" $component $component) }}
{{- end }}
{{- end }}
{{- $persistence := $v.gateway.spool.persistence }}
{{- if and $persistence.enabled (eq $persistence.accessMode "ReadWriteOnce") }}
{{- if or $v.gateway.autoscaling.enabled (gt (int $v.gateway.replicaCount) 1) }}
{{- fail "gateway.spool.persistence.accessMode=ReadWriteOnce holds one replica's spool: set gateway.replicaCount=1 and autoscaling off, or use ReadWriteMany" }}
{{- end }}
{{- end }}
{{- end }}
