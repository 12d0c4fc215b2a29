{{/* The chart's name, or nameOverride. */}}
{{- define "pointsmall.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name for every object. */}}
{{- define "pointsmall.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pointsmall.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "pointsmall.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "pointsmall.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pointsmall.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pointsmall.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pointsmall.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pointsmall.image" -}}
{{ printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "pointsmall.secretName" -}}
{{- default (printf "%s-secrets" (include "pointsmall.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* Settings for every container: the ConfigMap, then the Secret. */}}
{{- define "pointsmall.envFrom" -}}
- configMapRef:
    name: {{ include "pointsmall.fullname" . }}-config
- secretRef:
    name: {{ include "pointsmall.secretName" . }}
{{- end }}

{{/* The runtime Secret's keys, from values: what the API and the worker run with. */}}
{{- define "pointsmall.secretData" -}}
{{- $required := "is required unless secrets.existingSecret names a Secret" -}}
DATABASE_URL: {{ required (printf "secrets.runtimeDatabaseUrl %s" $required) .Values.secrets.runtimeDatabaseUrl | quote }}
{{ include "pointsmall.sharedSecretData" . }}
{{- end }}

{{/* The migration hook Secret's keys: the owner's DATABASE_URL, and what settings need. */}}
{{- define "pointsmall.migrationSecretData" -}}
{{- $required := "is required unless secrets.existingSecret names a Secret" -}}
DATABASE_URL: {{ required (printf "secrets.databaseUrl %s" $required) .Values.secrets.databaseUrl | quote }}
{{ include "pointsmall.sharedSecretData" . }}
{{- end }}

{{- define "pointsmall.sharedSecretData" -}}
{{- $required := "is required unless secrets.existingSecret names a Secret" -}}
REDIS_URL: {{ required (printf "secrets.redisUrl %s" $required) .Values.secrets.redisUrl | quote }}
{{- if eq .Values.jwt.algorithm "HS256" }}
JWT_SECRET: {{ required (printf "secrets.jwtSecret %s" $required) .Values.secrets.jwtSecret | quote }}
{{- end }}
{{- with .Values.secrets.jwtPreviousKeys }}
JWT_PREVIOUS_KEYS: {{ . | quote }}
{{- end }}
{{- end }}

{{/* JWT settings that are not secret: the algorithm and, for RS256/ES256, the key files. */}}
{{- define "pointsmall.jwtEnv" -}}
- name: JWT_ALGORITHM
  value: {{ .Values.jwt.algorithm | quote }}
{{- if ne .Values.jwt.algorithm "HS256" }}
- name: JWT_PRIVATE_KEY_FILE
  value: /etc/pointsmall/jwt/private.pem
- name: JWT_PUBLIC_KEY_FILE
  value: /etc/pointsmall/jwt/public.pem
{{- end }}
{{- end }}

{{- define "pointsmall.jwtMount" -}}
{{- if ne .Values.jwt.algorithm "HS256" }}
- name: jwt-keys
  mountPath: /etc/pointsmall/jwt
  readOnly: true
{{- end }}
{{- end }}

{{/* Pod-level settings shared by the API, the worker and the migration Job. */}}
{{- define "pointsmall.podSpecCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
  {{- if ne .Values.jwt.algorithm "HS256" }}
  - name: jwt-keys
    secret:
      secretName: {{ required "jwt.keySecret is required with RS256/ES256" .Values.jwt.keySecret }}
      defaultMode: 0440
  {{- end }}
{{- end }}

{{/*
API worker processes: api.workers, or one per core of the CPU limit (rounded up; "1500m" -> 2).
*/}}
{{- define "pointsmall.apiWorkers" -}}
{{- if .Values.api.workers -}}
{{- .Values.api.workers -}}
{{- else -}}
{{- $cpu := toString (dig "limits" "cpu" "1" .Values.api.resources) -}}
{{- if hasSuffix "m" $cpu -}}
{{- max 1 (div (add (atoi (trimSuffix "m" $cpu)) 999) 1000) -}}
{{- else -}}
{{- max 1 (int (ceil (float64 $cpu))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
