// The Function App on Flex Consumption (isolated worker, .NET 10), running as the managed identity:
// the host's storage and the pipeline's storage are reached by identity, never by key.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param publicBaseUrl string = ''

@secure()
@description('Key signing the unsubscribe and feedback links (16+ characters).')
param linkSigningKey string

@description('Client id of the Entra ID app registration admins sign in with to /admin (App Service authentication). Empty: no sign-in is configured and the admin functions refuse every request.')
param adminClientId string = ''

@description('Entra ID tenant (directory id) of the admins.')
param adminTenantId string = tenant().tenantId

@secure()
@description('Client secret of that app registration, kept in the app setting MICROSOFT_PROVIDER_AUTHENTICATION_SECRET that the sign-in configuration names (or replace the setting with a Key Vault reference).')
param adminClientSecret string = ''

@description('Schedules (NCRONTAB, UTC) of the timer functions.')
param collectSchedule string = '0 0 5 * * *'
param digestSchedule string = '0 0 6 * * 1'
param alertsSchedule string = '0 0 7 * * *'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'Storage__serviceUri', value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}' }
        { name: 'Storage__tableServiceUri', value: 'https://${storageAccountName}.table.${environment().suffixes.storage}' }
        { name: 'Storage__queueServiceUri', value: 'https://${storageAccountName}.queue.${environment().suffixes.storage}' }
        { name: 'Storage__credential', value: 'managedidentity' }
        { name: 'Storage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'COLLECT_SCHEDULE', value: collectSchedule }
        { name: 'DIGEST_SCHEDULE', value: digestSchedule }
        { name: 'ALERTS_SCHEDULE', value: alertsSchedule }
        { name: 'ClausesSociales__UnsubscribeKey', value: linkSigningKey }
        { name: 'ClausesSociales__DigestFolder', value: '/tmp/digests' }
        { name: 'ClausesSociales__PublicBaseUrl', value: empty(publicBaseUrl) ? 'https://${name}.azurewebsites.net' : publicBaseUrl }
        { name: adminSecretSetting, value: adminClientSecret }
      ]
    }
  }
}

var adminSecretSetting = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'

// App Service authentication: Entra ID sign-in before any request reaches the admin console; the
// public pages, the signed digests and the e-mail links stay anonymous. The admin functions check
// the principal header the platform sets as well (src/Matching/Web/AdminPrincipal.cs).
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(adminClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [ '/', '/lots/*', '/structures', '/structures/*', '/digests/*', '/api/*' ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: adminClientId
          clientSecretSettingName: adminSecretSetting
          openIdIssuer: '${environment().authentication.loginEndpoint}${adminTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [ 'api://${adminClientId}', adminClientId ]
        }
      }
    }
    login: {
      tokenStore: { enabled: true }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
