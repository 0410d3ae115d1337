// What a host folder handed to a container gives it: the whole filesystem, the home folder, the system's
// own folders, credentials, or the container engine's socket (which starts any container, as root).
import { posix } from "node:path";
import { credentialDirKind, credentialFileKind, resolvePath } from "../../analysis/secrets/index.js";

const SYSTEM = new Set([
  "/etc",
  "/boot",
  "/usr",
  "/usr/bin",
  "/usr/sbin",
  "/usr/lib",
  "/usr/local",
  "/usr/local/bin",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/var",
  "/var/lib",
  "/opt",
  "/srv",
  "/proc",
  "/sys",
  "/dev",
  "/root",
  "/run",
  "/var/run",
  "/var/spool/cron",
  "/etc/cron.d",
  "/etc/systemd",
  "/etc/sudoers.d",
  "/etc/ssh",
  "/etc/pam.d",
  "/lib/modules",
]);

/**
 * The container engines' and Kubernetes' own state (every image, volume and container's files, the
 * cluster's keys and etcd's data): whoever writes there controls every container, the cluster's included.
 */
const ENGINE_STATE =
  /^\/var\/lib\/(?:docker|containers|containerd|kubelet|etcd|rancher|k0s|rook)(?:\/|$)|^\/etc\/(?:kubernetes|rancher|containerd|docker)(?:\/|$)/;

/** Single system files that are as good as the folder: the password database, sudo's rules. */
const SYSTEM_FILE = /^\/etc\/(?:passwd|g?shadow|group|sudoers|crontab|profile|bash\.bashrc|ld\.so\.preload)$/;

/** Files a folder could hold that are credentials: mounting any ancestor of one hands the credential over. */
const CREDENTIAL_SAMPLES = [
  ".ssh/id_rsa",
  ".ssh/id_ed25519",
  ".aws/credentials",
  ".kube/config",
  ".docker/config.json",
  ".config/gcloud/credentials.db",
  ".config/gh/hosts.yml",
  ".azure/accessTokens.json",
  ".gnupg/private-keys-v1.d",
  ".password-store/x.gpg",
  ".netrc",
  ".git-credentials",
  ".npmrc",
  ".pypirc",
  ".vault-token",
];

const SOCKET = /(?:^|\/)(?:docker|podman|containerd|crio|cri-dockerd|dockershim|buildkitd)\.sock$/;
const SOCKET_DIR = /^\/(?:var\/)?run(?:\/(?:docker|podman|containerd|crio|user\/\d+(?:\/(?:docker|podman))?))?$/;

type HostPathKind = "root" | "home" | "system" | "credentials" | "socket";

export interface HostPathRisk {
  kind: HostPathKind;
  /** What the path is, for a reason: "the host's whole filesystem", "SSH private key", … */
  what: string;
  path: string;
}

/** What a host path mounted into a container exposes, or undefined when it is ordinary (a project, a cache). */
export function hostPathRisk(word: string, cwd: string | undefined, home: string): HostPathRisk | undefined {
  const path = resolvePath(word, cwd, home);
  if (path === "/") return { kind: "root", what: "the host's whole filesystem", path };
  if (SOCKET.test(path) || SOCKET_DIR.test(path))
    return { kind: "socket", what: "the container engine's socket (root on the host)", path };
  if (home && (path === home || home.startsWith(`${path}/`)))
    return { kind: "home", what: path === home ? "the home folder" : "the folder holding the home folder", path };
  const cred = credentialDirKind(path, home) ?? credentialFileKind(path, home);
  if (cred) return { kind: "credentials", what: cred, path };
  if (home && path.startsWith(`${home}/`)) {
    for (const sample of CREDENTIAL_SAMPLES) {
      const full = `${home}/${sample}`;
      if (!full.startsWith(`${path}/`)) continue;
      const held = credentialFileKind(full, home);
      if (held) return { kind: "credentials", what: `a folder holding ${held}`, path };
    }
  }
  if (SYSTEM.has(path) || SYSTEM_FILE.test(path) || /^\/boot\//.test(path) || ENGINE_STATE.test(path))
    return { kind: "system", what: `the system folder ${path}`, path };
  if (/^\/home\/[^/]+$|^\/Users\/[^/]+$/.test(path) && posix.dirname(path) !== path)
    return { kind: "home", what: "another user's home folder", path };
  return undefined;
}
