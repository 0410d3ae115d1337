// Before the server's slow suites: the agents installed (as the e2e suite does), and with
// STASO_SERVER_TEST_DB=postgres a throwaway PostgreSQL cluster, handed to the tests as
// STASO_TEST_DATABASE_URL and stopped (and removed) afterwards.
import installAgents from "../e2e/support/global-setup.js";
import { startCluster, type Cluster } from "../server/postgres-cluster.js";

let cluster: Cluster | undefined;

export async function setup(): Promise<void> {
  installAgents();
  if (process.env.STASO_SERVER_TEST_DB === "postgres") {
    cluster = await startCluster();
    process.env.STASO_TEST_DATABASE_URL = cluster.url;
  }
}

export function teardown(): void {
  cluster?.stop();
}
