// CloverExport on Azure: a Flex Consumption function app (Durable Functions, .NET 10 isolated) that
// reaches storage, Key Vault and Application Insights only through its user-assigned managed
// identity. No account key or storage connection string is created, read or stored anywhere.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; also seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region for all resources; it must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID); empty grants nothing.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

// Scale
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

// Export storage
@description('Put exports in their own storage account (true) or in a container of the host account (false). Versioning and soft delete apply to the whole account that holds the exports.')
param useSeparateExportStorageAccount bool = true

@minLength(3)
@maxLength(63)
param exportContainerName string = 'clover-exports'

@minValue(1)
@description('Export blobs move to the Cool tier this many days after their last modification.')
param exportCoolAfterDays int = 30

@minValue(1)
@description('Previous versions of export blobs (from re-exported windows) are deleted this many days after they were superseded.')
param exportVersionRetentionDays int = 90

@minValue(1)
@maxValue(365)
@description('Days deleted export blobs and containers stay recoverable.')
param exportSoftDeleteRetentionDays int = 30

// Key Vault
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

// Application settings (contract names; see infra/app-settings.required.txt)
param taskHubName string = 'CloverExport'

@description('NCRONTAB, UTC. Default 10:05 daily, just after the US export window opens.')
param exportSchedule string = '0 5 10 * * *'

param exportTypes string = 'ORDERS,PAYMENTS'

@description('Oldest data for incremental runs of a merchant that has none yet (yyyy-MM-dd).')
param exportBackfillStart string = '2020-01-01'

@description('Incremental runs stop at now minus this TimeSpan.')
param exportSettleLag string = '1.00:00:00'

@minValue(1)
param exportMaxExportsInFlightPerMerchant int = 1

@minValue(1)
param cloverMaxRequestsPerSecond int = 16

@minValue(1)
param cloverMaxConcurrentRequests int = 5

@description('Merchants as comma-separated MERCHANTID:region pairs (region us|eu|la|sandbox). Each token is a Key Vault reference to the secret clover-token-<merchantid in lower case>.')
param cloverMerchants string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var hostStorageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var exportStorageAccountName = useSeparateExportStorageAccount
  ? '${abbrs.storageStorageAccounts}x${resourceToken}'
  : hostStorageAccountName
// Flex Consumption pulls the app package from this container with the app identity.
var deploymentContainerName = 'app-package-${resourceToken}'

var exportLifecycleRules = [
  {
    name: 'exports-to-cool'
    enabled: true
    type: 'Lifecycle'
    definition: {
      filters: {
        blobTypes: ['blockBlob']
        prefixMatch: ['${exportContainerName}/']
      }
      actions: {
        baseBlob: {
          tierToCool: {
            daysAfterModificationGreaterThan: exportCoolAfterDays
          }
        }
        version: {
          delete: {
            daysAfterCreationGreaterThan: exportVersionRetentionDays
          }
        }
      }
    }
  }
]

// Merchant settings: Merchants__N__Id / Region / Token, the token resolved by the platform from Key Vault.
var merchantEntries = filter(map(split(cloverMerchants, ','), entry => trim(entry)), entry => !empty(entry))
var keyVaultUri = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/'
var merchantSettings = reduce(
  range(0, length(merchantEntries)),
  {},
  (settings, i) =>
    union(settings, {
      'Merchants__${i}__Id': split(merchantEntries[i], ':')[0]
      'Merchants__${i}__Region': length(split(merchantEntries[i], ':')) > 1 ? split(merchantEntries[i], ':')[1] : 'us'
      'Merchants__${i}__Token': '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/clover-token-${toLower(split(merchantEntries[i], ':')[0])})'
    })
)

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/host/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module hostStorage 'core/storage/storage-account.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    name: hostStorageAccountName
    location: location
    tags: tags
    containers: useSeparateExportStorageAccount
      ? [deploymentContainerName]
      : [deploymentContainerName, exportContainerName]
    enableBlobDataProtection: !useSeparateExportStorageAccount
    softDeleteRetentionDays: exportSoftDeleteRetentionDays
    lifecycleRules: useSeparateExportStorageAccount ? [] : exportLifecycleRules
  }
}

module exportStorage 'core/storage/storage-account.bicep' = if (useSeparateExportStorageAccount) {
  name: 'export-storage'
  scope: rg
  params: {
    name: exportStorageAccountName
    location: location
    tags: tags
    containers: [exportContainerName]
    enableBlobDataProtection: true
    softDeleteRetentionDays: exportSoftDeleteRetentionDays
    lifecycleRules: exportLifecycleRules
  }
}

var exportBlobEndpoint = useSeparateExportStorageAccount
  ? exportStorage!.outputs.blobEndpoint
  : hostStorage.outputs.blobEndpoint

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    hostStorageAccountName: hostStorageAccountName
    exportStorageAccountName: exportStorageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityName: identityName
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  // Names are passed as deploy-time values (precise what-if), so the order is explicit.
  dependsOn: [
    identity
    hostStorage
    exportStorage
    monitoring
    keyVault
  ]
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    hostStorageAccountName: hostStorageAccountName
    deploymentContainerName: deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: {
      // Functions host + Durable task hub storage, identity-based (no connection string).
      AzureWebJobsStorage__accountName: hostStorage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      // Telemetry authenticated with the identity; the connection string only names the resource.
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      // DefaultAzureCredential in the worker picks the user-assigned identity by this.
      AZURE_CLIENT_ID: identity.outputs.clientId
      TaskHubName: taskHubName
      ExportSchedule: exportSchedule
      Storage__ServiceUri: exportBlobEndpoint
      Storage__Container: exportContainerName
      KeyVault__Uri: keyVault.outputs.uri
      Export__Types: exportTypes
      Export__BackfillStart: exportBackfillStart
      Export__SettleLag: exportSettleLag
      Export__MaxExportsInFlightPerMerchant: string(exportMaxExportsInFlightPerMerchant)
      Clover__MaxRequestsPerSecond: string(cloverMaxRequestsPerSecond)
      Clover__MaxConcurrentRequests: string(cloverMaxConcurrentRequests)
    }
    merchantAppSettings: merchantSettings
  }
  // The app must not start before its identity can reach storage, Key Vault and telemetry.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = hostStorage.outputs.name
output AZURE_EXPORT_STORAGE_ACCOUNT_NAME string = exportStorageAccountName
output AZURE_EXPORT_STORAGE_BLOB_ENDPOINT string = exportBlobEndpoint
output AZURE_EXPORT_CONTAINER_NAME string = exportContainerName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
