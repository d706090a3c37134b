// Storage of the pipeline: the containers, tables and queue every stage meets in. Shared keys are off:
// access goes through Entra ID role assignments only.
param name string
param location string
param tags object

var containers = [ 'raw-notices', 'quarantine', 'models', 'training', 'digests', 'app-package' ]
var tables = [ 'Tenders', 'Lots', 'Structures', 'Matches', 'Subscriptions', 'Errors', 'Runs', 'Feedback', 'Procedures', 'Contracts', 'Awards', 'Board', 'BoardLots', 'PendingStructures' ]
// ParseNotice leaves one message per parsed notice; ClassifyAndMatch takes them.
var queues = [ 'parsed-notices' ]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containers: {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableList 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queueList 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

output name string = account.name
output deploymentContainerName string = 'app-package'
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output queueEndpoint string = account.properties.primaryEndpoints.queue
