using CloverExport.Core.Configuration;
using CloverExport.Functions.Configuration;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCloverExportTelemetry();
builder.Services.AddCloverExportOpenTelemetry(builder.Configuration);
builder.Logging.AddCloverExportLogFilters();
builder.Services.AddCloverExportPipeline(builder.Configuration);
builder.Services.AddCloverExportFunctions(builder.Configuration);

await builder.Build().RunAsync();
