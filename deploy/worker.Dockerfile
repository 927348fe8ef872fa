# Worker image: any subset of stages, chosen by Pipeline__Stages__N environment variables.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/IngestionPipeline.Worker -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0.0
RUN apt-get update && apt-get install -y --no-install-recommends antiword libreoffice-writer-nogui && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["dotnet", "IngestionPipeline.Worker.dll"]
