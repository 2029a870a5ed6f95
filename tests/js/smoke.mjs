// Creates an instance, lists its agent statuses and checks a modelled error, printing JSON.
import {
  ConnectClient,
  CreateInstanceCommand,
  ListAgentStatusesCommand,
  DescribeInstanceCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-connect";

const connect = new ConnectClient({
  endpoint: process.argv[2],
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});
const created = await connect.send(
  new CreateInstanceCommand({
    IdentityManagementType: "CONNECT_MANAGED",
    InboundCallsEnabled: true,
    OutboundCallsEnabled: true,
  }),
);
const statuses = await connect.send(new ListAgentStatusesCommand({ InstanceId: created.Id }));
let notFound = false;
try {
  await connect.send(new DescribeInstanceCommand({ InstanceId: "00000000-0000-4000-8000-000000000000" }));
} catch (err) {
  notFound = err instanceof ResourceNotFoundException;
}
console.log(
  JSON.stringify({
    id: created.Id,
    statuses: statuses.AgentStatusSummaryList.map((s) => s.Name).sort(),
    notFound,
  }),
);
