# HTTP API image: intake (upload, URL) and read access to versioned reports; intake-only next to the
# workers when RabbitMq__Uri is set; the store is the workers' (Storage__MongoUri, else SQLite in
# Storage__DataDirectory). Listens on 8080 (the aspnet image's ASPNETCORE_HTTP_PORTS).
FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/IngestionPipeline.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0
WORKDIR /app
COPY --from=build /app .
COPY deploy/http-health.sh /usr/local/bin/http-health.sh
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "/usr/local/bin/http-health.sh", "8080", "/health/ready"]
ENTRYPOINT ["dotnet", "IngestionPipeline.Api.dll"]
