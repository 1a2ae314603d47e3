# The Workbench as a container image, built from this repository with the official .NET images.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY RpaWorkbench.Core/RpaWorkbench.Core.csproj RpaWorkbench.Core/
COPY RpaWorkbench.Web/RpaWorkbench.Web.csproj RpaWorkbench.Web/
RUN dotnet restore RpaWorkbench.Web/RpaWorkbench.Web.csproj
COPY RpaWorkbench.Core/ RpaWorkbench.Core/
COPY RpaWorkbench.Web/ RpaWorkbench.Web/
RUN dotnet publish RpaWorkbench.Web/RpaWorkbench.Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The data folder (SQLite file, keys, local objects) when no database server, Redis or S3 is configured, and a
# folder for a shared objects volume; owned by the app user, so volumes mounted there are writable.
RUN mkdir -p /app/data /app/objects && chown "$APP_UID" /app/data /app/objects
VOLUME /app/data
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# Ready = database reachable and migrated, Redis and the S3 bucket when configured (docs/operations.md "Health checks").
# The runtime image has no curl or wget: bash's /dev/tcp sends the request.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
USER $APP_UID
ENTRYPOINT ["dotnet", "RpaWorkbench.Web.dll"]
