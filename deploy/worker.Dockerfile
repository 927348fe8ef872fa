# Worker image: any subset of stages, chosen by Pipeline__Stages__N environment variables.
# The aspnet runtime (not the plain runtime): the worker serves /health and /metrics on Kestrel.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/IngestionPipeline.Worker -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0
RUN apt-get update && apt-get install -y --no-install-recommends antiword libreoffice-writer-nogui && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY deploy/http-health.sh /usr/local/bin/http-health.sh
# The management listener comes from Management__Urls (appsettings: http://0.0.0.0:8080); the image's
# ASPNETCORE_HTTP_PORTS would only add a warning that it is overridden.
ENV ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "/usr/local/bin/http-health.sh", "8080", "/health/ready"]
ENTRYPOINT ["dotnet", "IngestionPipeline.Worker.dll"]
