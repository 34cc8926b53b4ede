# The test identity provider (tests/idp) as a demo container. Context = repository root:
#   docker build -f docker/idp.Dockerfile .
# Not for production: users, keys and sessions live in memory (see tests/idp/README.md).
FROM node:20-alpine
RUN apk add --no-cache socat
WORKDIR /idp
COPY tests/idp/package.json tests/idp/package-lock.json ./
RUN npm ci --omit=dev
COPY tests/idp/server.mjs ./

# server.mjs listens on 127.0.0.1 only and names itself http://127.0.0.1:$IDP_PORT.
# compose.yaml runs this container in the bridge's network namespace, so the bridge
# reaches that issuer on its own loopback; socat opens 0.0.0.0:9001 so the host's
# 127.0.0.1:9000 (published as 9000:9001) reaches it too, under the same URL.
# IDP_MAX_SECONDS stays below Node's timer limit (2^31 ms, about 24.8 days).
ENV IDP_PORT=9000 IDP_IGNORE_STDIN=1 IDP_MAX_SECONDS=2000000
USER node
CMD ["sh", "-c", "socat TCP-LISTEN:9001,fork,reuseaddr TCP:127.0.0.1:9000 & exec node server.mjs"]
