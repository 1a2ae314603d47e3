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
USER $APP_UID
ENTRYPOINT ["dotnet", "RpaWorkbench.Web.dll"]
