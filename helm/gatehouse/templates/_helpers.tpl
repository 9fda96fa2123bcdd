{{/*
The services, in the order objects are rendered. Each has a values block of the same name, read
together with componentDefaults (see "gatehouse.values"). Adding a service: README "Adding a service".
*/}}
{{- define "gatehouse.components" -}}
gateway registry identity audit console
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
A podSelector peer for one component's pods. Call with (dict "root" $ "component" "identity").
*/}}
{{- define "gatehouse.podPeer" -}}
- podSelector:
    matchLabels:
      {{- include "gatehouse.componentSelectorLabels" . | nindent 6 }}
{{- end }}

{{/*
.values with .defaults filled in where .values has no such key: maps are merged key by key, any
other value set in .values wins (also false, 0, "" and empty lists, unlike sprig's merge). As JSON.
*/}}
{{- define "gatehouse.withDefaults" -}}
{{- $out := deepCopy .values }}
{{- range $key, $default := .defaults }}
{{- if not (hasKey $out $key) }}
{{- $_ := set $out $key $default }}
{{- else if and (kindIs "map" $default) (kindIs "map" (index $out $key)) }}
{{- $_ := set $out $key (include "gatehouse.withDefaults" (dict "values" (index $out $key) "defaults" $default) | fromJson) }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
Every component's values with componentDefaults filled in, by component name. As JSON; read with
(include "gatehouse.all" $ | fromJson). Computed once per render and kept on the root context.
*/}}
{{- define "gatehouse.all" -}}
{{- if not (hasKey . "gatehouseAll") }}
{{- $all := dict }}
{{- range $component := splitList " " (include "gatehouse.components" .) }}
{{- $_ := set $all $component (include "gatehouse.withDefaults" (dict "values" (index $.Values $component) "defaults" $.Values.componentDefaults) | fromJson) }}
{{- end }}
{{- $_ := set . "gatehouseAll" (toJson $all) }}
{{- end }}
{{- .gatehouseAll }}
{{- end }}

{{/*
One component's values with componentDefaults filled in. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.values" -}}
{{- index (include "gatehouse.all" .root | fromJson) .component | toJson }}
{{- end }}

{{/*
The components whose internal listeners a component calls (it is in their callers.internal), as
a JSON list. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.calleesOf" -}}
{{- $callees := list }}
{{- range $callee, $values := include "gatehouse.all" .root | fromJson }}
{{- if has $.component (dig "callers" "internal" list $values) }}
{{- $callees = append $callees $callee }}
{{- end }}
{{- end }}
{{- toJson $callees }}
{{- end }}

{{/*
The components whose public port a component calls (it is in their callers.http), as a JSON list.
Call with (dict "root" $ "component" "console").
*/}}
{{- define "gatehouse.httpCalleesOf" -}}
{{- $callees := list }}
{{- range $callee, $values := include "gatehouse.all" .root | fromJson }}
{{- if has $.component (dig "callers" "http" list $values) }}
{{- $callees = append $callees $callee }}
{{- end }}
{{- end }}
{{- toJson $callees }}
{{- end }}

{{/*
The component holding jwt.signingKey: it issues the management JWTs and serves the JWKS.
*/}}
{{- define "gatehouse.jwtIssuer" -}}
{{- $all := include "gatehouse.all" . | fromJson }}
{{- range $component := splitList " " (include "gatehouse.components" .) }}
{{- if dig "jwt" "signingKey" "" (index $all $component) }}{{ $component }}{{ end }}
{{- end }}
{{- end }}

{{/*
The release components a component's port admits (callers.http or callers.internal, and on the
issuer's http port every component with jwt.verify), in component order. As a JSON list.
Call with (dict "root" $ "component" "identity" "port" "http").
*/}}
{{- define "gatehouse.admitted" -}}
{{- $all := include "gatehouse.all" .root | fromJson }}
{{- $callers := dig "callers" .port list (index $all .component) }}
{{- $admitted := list }}
{{- range $peer := splitList " " (include "gatehouse.components" .root) }}
{{- $verifiesHere := and (eq $.port "http") (eq $.component (include "gatehouse.jwtIssuer" $.root)) (dig "jwt" "verify" false (index $all $peer)) }}
{{- if or (has $peer $callers) $verifiesHere }}
{{- $admitted = append $admitted $peer }}
{{- end }}
{{- end }}
{{- toJson $admitted }}
{{- end }}

{{/*
In-cluster base URL of one component's public port. Call with (dict "root" $ "component" "identity").
*/}}
{{- define "gatehouse.componentUrl" -}}
{{- $values := include "gatehouse.values" . | fromJson }}
{{- printf "http://%s:%v" (include "gatehouse.componentName" .) $values.ports.http }}
{{- end }}

{{/*
In-cluster base URL of one component's internal listener: its own Service.
Call with (dict "root" $ "component" "identity").
*/}}
{{- define "gatehouse.internalUrl" -}}
{{- $values := include "gatehouse.values" . | fromJson }}
{{- printf "http://%s-internal:%v" (include "gatehouse.componentName" .) $values.ports.internal }}
{{- end }}

{{/*
Image reference of one component. Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "gatehouse.image" -}}
{{- $image := (include "gatehouse.values" . | fromJson).image }}
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
{{- if (include "gatehouse.values" . | fromJson).serviceAccount.create }}
{{- include "gatehouse.componentName" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/*
Environment variable prefix of a Quarkus datasource: "" for "default", "<NAME>_" otherwise.
*/}}
{{- define "gatehouse.datasourcePrefix" -}}
{{- if ne . "default" }}{{ upper . }}_{{ end }}
{{- end }}

{{/*
Application configuration of one component, as environment variables (the ConfigMap's data).
Secrets are never here: they come from secretKeyRef in the Deployment, or mounted files.
Service-specific settings follow the services' own prefix, GATEHOUSE_<SERVICE>_...
*/}}
{{- define "gatehouse.componentConfig" -}}
{{- $root := .root }}
{{- $values := include "gatehouse.values" . | fromJson }}
{{- $prefix := printf "GATEHOUSE_%s" (upper .component) }}
QUARKUS_HTTP_PORT: {{ $values.ports.http | quote }}
{{- with $values.ports.internal }}
GATEHOUSE_INTERNAL_PORT: {{ . | quote }}
{{- end }}
{{- if $values.kafka.enabled }}
KAFKA_BOOTSTRAP_SERVERS: {{ $root.Values.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ $root.Values.kafka.securityProtocol | quote }}
{{- with $root.Values.kafka.saslMechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $values.datasources }}
QUARKUS_DATASOURCE_JDBC_URL: {{ $root.Values.postgresql.jdbcUrl | quote }}
{{- range $name, $datasource := $values.datasources }}
QUARKUS_DATASOURCE_{{ include "gatehouse.datasourcePrefix" $name }}USERNAME: {{ $datasource.username | quote }}
{{- end }}
{{- /* A service with a migration Job never migrates at start: its runtime user cannot. */}}
QUARKUS_FLYWAY_MIGRATE_AT_START: {{ and $root.Values.postgresql.migrateAtStart (not $values.migration) | quote }}
{{- end }}
{{- if dig "jwt" "verify" false $values }}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ printf "%s/.well-known/jwks.json" (include "gatehouse.componentUrl" (dict "root" $root "component" (include "gatehouse.jwtIssuer" $root))) | quote }}
MP_JWT_VERIFY_ISSUER: {{ $root.Values.jwt.issuer | quote }}
{{- end }}
GATEHOUSE_SERVICE_AUTH_NAME: {{ .component | quote }}
{{- $callees := include "gatehouse.calleesOf" . | fromJsonArray }}
{{- if $callees }}
GATEHOUSE_SERVICE_AUTH_PRIVATE_KEY: "/etc/gatehouse/service-auth/private-key.pem"
{{- end }}
{{- range $caller := dig "callers" "internal" list $values }}
GATEHOUSE_SERVICE_AUTH_TRUSTED_{{ upper $caller }}: {{ printf "/etc/gatehouse/service-auth/trusted/%s.pem" $caller | quote }}
{{- end }}
{{- range $callee := $callees }}
GATEHOUSE_{{ upper $callee }}_URL: {{ include "gatehouse.internalUrl" (dict "root" $root "component" $callee) | quote }}
{{- end }}
{{- range $callee := include "gatehouse.httpCalleesOf" . | fromJsonArray }}
GATEHOUSE_{{ upper $callee }}_PUBLIC_URL: {{ include "gatehouse.componentUrl" (dict "root" $root "component" $callee) | quote }}
{{- end }}
{{- with $values.shutdown }}
QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%vs" .timeoutSeconds | quote }}
{{- end }}
{{- with $values.spool }}
{{ $prefix }}_AUDIT_SPOOL_MAX_SIZE: {{ .maxSize | quote }}
{{- end }}
{{- with $values.trustedProxies }}
{{ $prefix }}_CLIENT_IP_TRUSTED_PROXIES: {{ join "," . | quote }}
{{- end }}
{{- with dig "jwt" "signingKey" "" $values }}
{{ $prefix }}_JWT_ISSUER: {{ $root.Values.jwt.issuer | quote }}
{{ $prefix }}_JWT_SIGNING_KEY_LOCATION: {{ printf "/etc/gatehouse/jwt/%s" .key | quote }}
{{- end }}
{{- if $values.connectsToUpstreams }}
{{- /* They connect to URLs workspace admins register: never into the cluster's own ranges. */}}
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
A secretKeyRef environment variable. Call with (dict "name" "VAR" "ref" (dict "name" "secret" "key" "k")).
*/}}
{{- define "gatehouse.secretKeyEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .ref.name }}
      key: {{ .ref.key }}
{{- end }}

{{/*
Environment taken from Secrets for one component: datasource passwords, its Kafka principal, its secrets.
*/}}
{{- define "gatehouse.secretEnv" -}}
{{- $values := include "gatehouse.values" . | fromJson }}
{{- range $name, $datasource := $values.datasources }}
{{ include "gatehouse.secretKeyEnv" (dict "name" (printf "QUARKUS_DATASOURCE_%sPASSWORD" (include "gatehouse.datasourcePrefix" $name)) "ref" $datasource.password) }}
{{- end }}
{{- if and $values.kafka.enabled $values.kafka.jaasConfig.name }}
{{ include "gatehouse.secretKeyEnv" (dict "name" "KAFKA_SASL_JAAS_CONFIG" "ref" $values.kafka.jaasConfig) }}
{{- end }}
{{- range $variable, $ref := $values.secrets }}
{{ include "gatehouse.secretKeyEnv" (dict "name" $variable "ref" $ref) }}
{{- end }}
{{- end }}

{{/*
The service-auth files of one component as a projected volume (H2): a caller's own private key,
a callee's trusted public keys of exactly its callers. Empty for a component with neither.
*/}}
{{- define "gatehouse.serviceAuthVolume" -}}
{{- $values := include "gatehouse.values" . | fromJson }}
{{- $callees := include "gatehouse.calleesOf" . | fromJsonArray }}
{{- $callers := dig "callers" "internal" list $values }}
{{- if or $callees $callers }}
- name: service-auth
  projected:
    defaultMode: 0440
    sources:
      {{- if $callees }}
      - secret:
          name: {{ $values.serviceAuth.privateKey.name }}
          items:
            - key: {{ $values.serviceAuth.privateKey.key }}
              path: private-key.pem
      {{- end }}
      {{- if $callers }}
      - secret:
          name: {{ .root.Values.serviceAuth.publicKeys.name }}
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
{{- $all := include "gatehouse.all" . | fromJson }}
{{- $components := splitList " " (include "gatehouse.components" .) }}
{{- $principals := list }}
{{- $users := list }}
{{- range $component := $components }}
{{- $values := index $all $component }}
{{- if and $values.ingress.enabled (hasKey $values "trustedProxies") (not $values.trustedProxies) }}
{{- fail (printf "%s.trustedProxies must be set when %s.ingress.enabled: name your ingress controller's pod CIDR or addresses, else every client behind it shares one rate-limit bucket (H8)" $component $component) }}
{{- end }}
{{- $principal := $values.kafka.jaasConfig }}
{{- if and $values.kafka.enabled (hasPrefix "SASL" $v.kafka.securityProtocol) (not $principal.name) }}
{{- fail (printf "%s.kafka.jaasConfig.name must be set with kafka.securityProtocol=%s: every service authenticates as its own principal" $component $v.kafka.securityProtocol) }}
{{- end }}
{{- if and $values.kafka.enabled $principal.name }}
{{- $id := printf "%s/%s" $principal.name $principal.key }}
{{- if has $id $principals }}
{{- fail (printf "%s.kafka.jaasConfig: %s is used by two services; each service needs its own Kafka principal" $component $id) }}
{{- end }}
{{- $principals = append $principals $id }}
{{- end }}
{{- $accounts := dict }}
{{- range $name, $datasource := $values.datasources }}
{{- $_ := set $accounts (printf "datasources.%s" $name) $datasource }}
{{- end }}
{{- with $values.migration }}
{{- $_ := set $accounts "migration" . }}
{{- end }}
{{- range $account, $datasource := $accounts }}
{{- if has $datasource.username $users }}
{{- fail (printf "%s.%s.username %s is already used by another account: every service, the retention purge and the audit schema owner need their own database user" $component $account $datasource.username) }}
{{- end }}
{{- $users = append $users $datasource.username }}
{{- end }}
{{- if and $values.ports.internal (eq (int $values.ports.http) (int $values.ports.internal)) }}
{{- fail (printf "%s.ports.internal must differ from %s.ports.http: /internal/* has a port of its own" $component $component) }}
{{- end }}
{{- range $caller := dig "callers" "internal" (list) $values | concat (dig "callers" "http" (list) $values) }}
{{- if not (has $caller $components) }}
{{- fail (printf "%s.callers: %s is not a component of this chart" $component $caller) }}
{{- end }}
{{- end }}
{{- if and (include "gatehouse.calleesOf" (dict "root" $ "component" $component) | fromJsonArray) (not (dig "serviceAuth" "privateKey" "name" "" $values)) }}
{{- fail (printf "%s.serviceAuth.privateKey must be set: it calls an internal listener" $component) }}
{{- end }}
{{- with $values.shutdown }}
{{- if le (int .terminationGracePeriodSeconds) (add .preStopSleepSeconds .timeoutSeconds | int) }}
{{- fail (printf "%s.shutdown.terminationGracePeriodSeconds must exceed preStopSleepSeconds + timeoutSeconds" $component) }}
{{- end }}
{{- end }}
{{- with $values.autoscaling }}
{{- if and .enabled (gt (int .minReplicas) (int .maxReplicas)) }}
{{- fail (printf "%s.autoscaling.minReplicas must not exceed maxReplicas" $component) }}
{{- end }}
{{- end }}
{{- $replicas := ternary $values.autoscaling.minReplicas $values.replicaCount $values.autoscaling.enabled }}
{{- with $values.podDisruptionBudget }}
{{- if and .enabled (not (kindIs "string" .minAvailable)) (ge (int .minAvailable) (int $replicas)) }}
{{- /* No pod could ever be evicted: node drains would hang. */}}
{{- fail (printf "%s.podDisruptionBudget.minAvailable must be below the %s's replicas (or autoscaling.minReplicas)" $component $component) }}
{{- end }}
{{- end }}
{{- $persistence := dig "spool" "persistence" (dict) $values }}
{{- if and $persistence.enabled (eq $persistence.accessMode "ReadWriteOnce") (or $values.autoscaling.enabled (gt (int $replicas) 1)) }}
{{- fail (printf "%s.spool.persistence.accessMode=ReadWriteOnce holds one replica's spool: set %s.replicaCount=1 and autoscaling off, or use ReadWriteMany" $component $component) }}
{{- end }}
{{- end }}
{{- $issuers := list }}
{{- $verifiers := list }}
{{- range $component, $values := $all }}
{{- if dig "jwt" "signingKey" "" $values }}{{ $issuers = append $issuers $component }}{{ end }}
{{- if dig "jwt" "verify" false $values }}{{ $verifiers = append $verifiers $component }}{{ end }}
{{- end }}
{{- if or (gt (len $issuers) 1) (and $verifiers (not $issuers)) }}
{{- fail (printf "jwt.signingKey: exactly one service signs the management JWTs (found %v; %v verify them)" $issuers $verifiers) }}
{{- end }}
{{- range $v.kafka.extraEnv }}
{{- if eq .name "KAFKA_SASL_JAAS_CONFIG" }}
{{- fail "kafka.extraEnv must not set KAFKA_SASL_JAAS_CONFIG (one principal for every service); use <service>.kafka.jaasConfig" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Egress rules to external services: one per networkPolicy.egress entry given (ports, optional to).
*/}}
{{- define "gatehouse.egressRules" -}}
{{- range . }}
- ports:
    {{- toYaml .ports | nindent 4 }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
