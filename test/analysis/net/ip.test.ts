// Every spelling of an address reduces to one canonical address and class (ipaddr.js parses; staso
// strips brackets, trailing dots and zones, and unwraps IPv4 inside IPv6).
import { describe, expect, it } from "vitest";
import { classifyHost, parseHostWord, parseIp, parseUrlTarget, findUrls } from "../../../src/analysis/net/index.js";

const SPELLINGS: Array<[spelling: string, address: string, cls: string]> = [
  ["127.0.0.1", "127.0.0.1", "loopback"],
  ["2130706433", "127.0.0.1", "loopback"], // decimal
  ["0x7f000001", "127.0.0.1", "loopback"], // hex
  ["0x7f.0.0.1", "127.0.0.1", "loopback"], // hex octet
  ["0177.0.0.1", "127.0.0.1", "loopback"], // octal octet
  ["017700000001", "127.0.0.1", "loopback"], // octal
  ["127.1", "127.0.0.1", "loopback"], // short form
  ["127.0.1", "127.0.0.1", "loopback"], // short form
  ["0x7f.1", "127.0.0.1", "loopback"], // short hex
  ["127.0.0.1.", "127.0.0.1", "loopback"], // trailing dot
  ["0", "0.0.0.0", "loopback"], // 0.0.0.0 reaches the local host
  ["0.0.0.0", "0.0.0.0", "loopback"],
  ["::1", "::1", "loopback"],
  ["[::1]", "::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "::1", "loopback"],
  ["::", "::", "loopback"],
  ["::ffff:127.0.0.1", "127.0.0.1", "loopback"], // IPv4-mapped
  ["[::ffff:7f00:1]", "127.0.0.1", "loopback"], // IPv4-mapped, hex
  ["0:0:0:0:0:ffff:7f00:1", "127.0.0.1", "loopback"],
  ["169.254.169.254", "169.254.169.254", "metadata"],
  ["2852039166", "169.254.169.254", "metadata"], // decimal
  ["0xa9fea9fe", "169.254.169.254", "metadata"], // hex
  ["0251.0376.0251.0376", "169.254.169.254", "metadata"], // octal
  ["0xa9.0xfe.0xa9.0xfe", "169.254.169.254", "metadata"],
  ["169.254.43518", "169.254.169.254", "metadata"], // short form
  ["169.254.169.254.", "169.254.169.254", "metadata"],
  ["[::ffff:169.254.169.254]", "169.254.169.254", "metadata"],
  ["::ffff:a9fe:a9fe", "169.254.169.254", "metadata"],
  ["fd00:ec2::254", "fd00:ec2::254", "metadata"],
  ["[FD00:EC2:0:0:0:0:0:254]", "fd00:ec2::254", "metadata"],
  ["100.100.100.200", "100.100.100.200", "metadata"],
  ["10.0.0.1", "10.0.0.1", "private"],
  ["012.0.0.1", "10.0.0.1", "private"], // octal 012 = 10
  ["167772161", "10.0.0.1", "private"],
  ["172.16.5.4", "172.16.5.4", "private"],
  ["192.168.1.1", "192.168.1.1", "private"],
  ["0xc0a80101", "192.168.1.1", "private"],
  ["100.64.0.1", "100.64.0.1", "private"], // carrier-grade NAT
  ["fd12:3456::1", "fd12:3456::1", "private"], // unique local
  ["169.254.1.1", "169.254.1.1", "link-local"],
  ["fe80::1%eth0", "fe80::1", "link-local"],
  ["64:ff9b::7f00:1", "64:ff9b::7f00:1", "loopback"], // NAT64 of 127.0.0.1
  ["2002:a9fe:a9fe::", "2002:a9fe:a9fe::", "metadata"], // 6to4 of 169.254.169.254
  ["::127.0.0.1", "127.0.0.1", "loopback"], // IPv4-compatible
  ["8.8.8.8", "8.8.8.8", "public"],
  ["134744072", "8.8.8.8", "public"],
  ["2606:4700:4700::1111", "2606:4700:4700::1111", "public"],
  ["224.0.0.1", "224.0.0.1", "reserved"],
];

describe("IP spellings", () => {
  it.each(SPELLINGS)("%s → %s (%s)", (spelling, address, cls) => {
    const ip = parseIp(spelling);
    expect(ip).toBeDefined();
    expect(ip!.address).toBe(address);
    expect(ip?.class).toBe(cls);
  });

  it.each(["1.2.3.4.5", "256.1.1.1", "08.1.1.1", "example.com", "", "::g", "1.2.3.4x"])(
    "%s is not an IP literal",
    (s) => {
      expect(parseIp(s)).toBeUndefined();
    },
  );
});

describe("host names", () => {
  it.each([
    ["localhost", "loopback"],
    ["LOCALHOST.", "loopback"],
    ["app.localhost", "loopback"],
    ["metadata.google.internal", "metadata"],
    ["metadata.google.internal.", "metadata"],
    ["metadata", "metadata"],
    ["instance-data.ec2.internal", "metadata"],
    ["169.254.169.254.nip.io", "metadata"],
    ["app.10.0.0.1.nip.io", "private"],
    ["127-0-0-1.sslip.io", "loopback"],
    ["lvh.me", "loopback"],
    ["host.docker.internal", "loopback"], // the machine the container runs on: this one
    ["host.containers.internal", "loopback"],
    ["localhost.localstack.cloud", "loopback"],
    ["my-bucket.s3.localhost.localstack.cloud", "loopback"],
    ["localstack.cloud", "public"],
    ["host.docker.internal.example.com", "public"],
    ["db.svc.cluster.local", "private"],
    ["printer.local", "private"],
    ["example.com", "public"],
    ["api.github.com", "public"],
  ])("%s is %s", (host, cls) => {
    expect(classifyHost(host).class).toBe(cls);
  });
});

describe("URLs and host words", () => {
  it.each([
    ["http://0x7f.1/admin", "127.0.0.1", "loopback"],
    ["http://2130706433/", "127.0.0.1", "loopback"],
    ["http://[::1]:8080/", "::1", "loopback"],
    ["http://[::ffff:169.254.169.254]/latest/meta-data/", "169.254.169.254", "metadata"],
    ["http://169.254.169.254./latest/", "169.254.169.254", "metadata"],
    ["http://evil.com@169.254.169.254/", "169.254.169.254", "metadata"],
    ["http://169.254.169.254%2f@evil.com/", "evil.com", "public"],
    ["gopher://0x7f.1:6379/_INFO", "127.0.0.1", "loopback"], // non-special scheme: not normalised by WHATWG
    ["dict://0177.1:11211/stats", "127.0.0.1", "loopback"],
    ["http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/", "metadata.google.internal", "metadata"],
    ["https://example.com/path?q=1", "example.com", "public"],
  ])("%s → %s", (url, host, cls) => {
    const t = parseUrlTarget(url)!;
    expect(t.host).toBe(host);
    expect(t.class).toBe(cls);
  });

  it.each([
    ["localhost:3000", "localhost", "loopback", 3000],
    ["user@10.0.0.5", "10.0.0.5", "private", undefined],
    ["git@github.com", "github.com", "public", undefined],
    ["[::1]:22", "::1", "loopback", 22],
    ["::1", "::1", "loopback", undefined],
    ["169.254.169.254/latest/meta-data", "169.254.169.254", "metadata", undefined],
    ["0xa9fea9fe:80", "169.254.169.254", "metadata", 80],
  ])("host word %s", (word, host, cls, port) => {
    const t = parseHostWord(word)!;
    expect(t.host).toBe(host);
    expect(t.class).toBe(cls);
    expect(t.port).toBe(port);
  });

  it.each([
    "res://test",
    "user://saves/slot1.json",
    "content://settings/system",
    "package://robot_description/urdf/robot.urdf",
    "memory://cache/a.txt",
    "s3://my-bucket/key",
    "op://dev/npm/token",
  ])("%s names an application's or provider's resource, no host to dial", (url) => {
    expect(parseUrlTarget(url)).toBeUndefined();
  });

  it.each(["http://test/", "ftp://10.0.0.1/", "gopher://127.0.0.1:6379/_INFO"])("%s is still a target", (url) => {
    expect(parseUrlTarget(url)).toBeDefined();
  });

  it("finds URLs in free text, linearly", () => {
    expect(findUrls(`python -c "import urllib.request as u; u.urlopen('http://169.254.169.254/latest')"`)).toEqual([
      "http://169.254.169.254/latest",
    ]);
    const t = performance.now();
    findUrls(`${"http://".repeat(150_000)}x`);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
