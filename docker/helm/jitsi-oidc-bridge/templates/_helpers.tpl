{{/* Names and labels. */}}
{{- define "jitsi-oidc-bridge.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "jitsi-oidc-bridge.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "jitsi-oidc-bridge.labels" -}}
{{ include "jitsi-oidc-bridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* publicUrl, checked: http(s), no query or fragment. */}}
{{- define "jitsi-oidc-bridge.publicUrl" -}}
{{- $url := required "publicUrl is required: where browsers reach the bridge, e.g. https://meet.example.com/sso" .Values.publicUrl -}}
{{- if not (regexMatch "^https?://[^/?#]+(/[^?#]*)?$" $url) -}}
{{- fail (printf "publicUrl %q must be an http(s) URL without query or fragment" $url) -}}
{{- end -}}
{{- trimSuffix "/" $url -}}
{{- end -}}

{{/* The path prefix of publicUrl ("" or "/sso"): the bridge serves every route under it. */}}
{{- define "jitsi-oidc-bridge.pathPrefix" -}}
{{- (urlParse (include "jitsi-oidc-bridge.publicUrl" .)).path | trimSuffix "/" -}}
{{- end -}}

{{- define "jitsi-oidc-bridge.secretName" -}}
{{- required "secrets.existingSecret is required: the Secret holding the app secret, client secret, cookie secret and Redis URL" .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Where the Secret's keys are mounted as files. */}}
{{- define "jitsi-oidc-bridge.secretDir" -}}/run/secrets/jitsi-oidc-bridge{{- end -}}
