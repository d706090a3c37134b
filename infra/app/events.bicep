// Event Grid delivery of new blobs to the blob-triggered functions (Flex Consumption runs blob
// triggers from Event Grid only): raw-notices/ -> ParseNotice, training/ -> Retrain. Deployed
// after the code (azure.yaml postdeploy hook), because the blobs_extension key the endpoint
// needs exists only once the app's functions are registered.
param functionAppName string
param storageAccountName string
param location string = resourceGroup().location

var subscriptions = [
  { function: 'ParseNotice', container: 'raw-notices' }
  { function: 'Retrain', container: 'training' }
]

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${storageAccountName}-blobs'
  location: location
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource blobSubscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = [for s in subscriptions: {
  parent: topic
  name: toLower('${s.function}-blobs')
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${s.function}&code=${listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/${s.container}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}]
