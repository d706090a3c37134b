// ClausesSociales on Azure: a Function App on Flex Consumption, its Storage account (tables and
// containers of the pipeline), Application Insights, and a user-assigned managed identity with
// role assignments instead of keys.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment (azd), used to name the resources.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Id of the user or service principal deploying, granted data access for admin work (optional).')
param principalId string = ''

@description('Public address used in unsubscribe links; defaults to the Function App address.')
param publicBaseUrl string = ''

@secure()
@minLength(16)
@description('Key signing the unsubscribe and feedback links of the e-mails: `azd env set CLAUSES_LINK_SIGNING_KEY $(openssl rand -hex 32)`.')
param linkSigningKey string

@description('Client id of the Entra ID app registration admins sign in with to /admin; empty: the console is not reachable in Azure.')
param adminClientId string = ''

@description('Entra ID tenant of the admins; empty: the deployment\'s tenant.')
param adminTenantId string = ''

@secure()
@description('Client secret of that app registration (`azd env set CLAUSES_ADMIN_CLIENT_SECRET ...`).')
param adminClientSecret string = ''

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, product: 'clausessociales' }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-clausessociales-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: group
  params: {
    name: 'id-clauses-${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: 'stclauses${token}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    name: 'clauses-${token}'
    location: location
    tags: tags
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: group
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: group
  params: {
    name: 'func-clauses-${token}'
    planName: 'plan-clauses-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    publicBaseUrl: publicBaseUrl
    linkSigningKey: linkSigningKey
    adminClientId: adminClientId
    adminTenantId: empty(adminTenantId) ? tenant().tenantId : adminTenantId
    adminClientSecret: adminClientSecret
  }
  dependsOn: [ roles ]
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_LOCATION string = location
