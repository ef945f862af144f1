# One image for every app; the APP build argument (imap, lmtp, api, auth) picks which one runs.
# Build: docker build --build-arg APP=imap -t mailstore-imap .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
COPY nx.json tsconfig.base.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build --exclude=@mailstore/testing
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
ARG APP
ENV APP=${APP} NODE_ENV=production
WORKDIR /srv
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/apps ./apps
COPY --from=build /src/libs ./libs
USER node
# runService drains on SIGTERM; exec keeps node as PID 1's direct child so it gets the signal.
CMD ["sh", "-c", "exec node apps/${APP}/dist/main.js"]
