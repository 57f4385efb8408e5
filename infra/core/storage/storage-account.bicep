// A StorageV2 account that only accepts Microsoft Entra ID (no shared key, no SAS signed with the
// account key, no anonymous blob access). Optionally protects its blobs with soft delete + versioning
// and applies lifecycle rules.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Blob containers to create.')
param containers string[] = []

@description('Blob soft delete (blobs and containers) plus blob versioning.')
param enableBlobDataProtection bool = false

@minValue(1)
@maxValue(365)
@description('Days deleted blobs and containers are kept when data protection is on.')
param softDeleteRetentionDays int = 30

@description('Lifecycle management rules (Microsoft.Storage/storageAccounts/managementPolicies rules).')
param lifecycleRules array = []

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: enableBlobDataProtection
    deleteRetentionPolicy: {
      enabled: enableBlobDataProtection
      days: enableBlobDataProtection ? softDeleteRetentionDays : null
    }
    containerDeleteRetentionPolicy: {
      enabled: enableBlobDataProtection
      days: enableBlobDataProtection ? softDeleteRetentionDays : null
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (!empty(lifecycleRules)) {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: lifecycleRules
    }
  }
  // Rules filter on container prefixes: the containers must exist first.
  dependsOn: [
    blobContainers
  ]
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
