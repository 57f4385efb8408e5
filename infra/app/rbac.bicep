// Role assignments for the app identity and (optionally) the deploying user. Every grant is a data
// plane role: nothing here can read an account key.
param hostStorageAccountName string
param exportStorageAccountName string
param applicationInsightsName string
param keyVaultName string

@description('User-assigned identity the function app runs as.')
param identityName string

@description('Deploying user or CI principal; empty to grant nothing.')
param userPrincipalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param userPrincipalType string = 'User'

// Built-in role definition ids (the same in every tenant).
// Host storage: Storage Blob Data Owner (b7e6dc6d...), Storage Queue Data Contributor (974c5e8b...),
// Storage Table Data Contributor (0a9a7e1f...): what the Functions host and the Durable task hub need.
var hostStorageRoleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]
// Export storage: Storage Blob Data Contributor.
var exportStorageRoleIds = [
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
]
// Key Vault Secrets User (4633458b...) reads tokens. Key Vault Secrets Officer (b86a8fe4...) lets the
// app write a new secret version when it rotates a merchant's OAuth refresh token; Officer is what a
// rotation needs, User is kept so reading never depends on the broader grant.
var identityKeyVaultRoleIds = [
  '4633458b-17de-408a-b874-0445c86b69e6'
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
]
// The deploying user stores merchant tokens: Key Vault Secrets Officer.
var userKeyVaultRoleIds = [
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
]
// Application Insights: Monitoring Metrics Publisher, required to send telemetry with local auth off.
var monitoringRoleIds = [
  '3913510d-42f4-4e42-8a64-420c390055eb'
]

var grantUser = !empty(userPrincipalId)
var identityPrincipalId = identity.properties.principalId

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource exportStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: exportStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource identityHostStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in hostStorageRoleIds: {
    name: guid(hostStorage.id, identity.id, roleId)
    scope: hostStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource identityExportStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in exportStorageRoleIds: {
    name: guid(exportStorage.id, identity.id, roleId)
    scope: exportStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource identityKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in identityKeyVaultRoleIds: {
    name: guid(keyVault.id, identity.id, roleId)
    scope: keyVault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource identityMonitoring 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in monitoringRoleIds: {
    name: guid(applicationInsights.id, identity.id, roleId)
    scope: applicationInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The deploying user gets the same storage access (to run the CLI or Functions locally against the
// Azure accounts and inspect exports) plus the right to store merchant tokens.
resource userHostStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (grantUser ? hostStorageRoleIds : []): {
    name: guid(hostStorage.id, userPrincipalId, roleId)
    scope: hostStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]

resource userExportStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (grantUser ? exportStorageRoleIds : []): {
    name: guid(exportStorage.id, userPrincipalId, roleId)
    scope: exportStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]

resource userKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (grantUser ? userKeyVaultRoleIds : []): {
    name: guid(keyVault.id, userPrincipalId, roleId)
    scope: keyVault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]
