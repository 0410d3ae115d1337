import diskWrite from "../../../src/rules/system/disk-write.js";
import formatDisk from "../../../src/rules/system/format-disk.js";
import crontabRemove from "../../../src/rules/system/crontab-remove.js";
import criticalService from "../../../src/rules/system/disable-critical-service.js";
import forkBomb from "../../../src/rules/system/fork-bomb.js";
import killAll from "../../../src/rules/system/kill-all.js";
import shutdown from "../../../src/rules/system/shutdown.js";
import type { RuleCases } from "../../analysis/shell/cases.js";

export const systemCases: RuleCases[] = [
  {
    rule: diskWrite,
    catch: [
      ["dd if=/dev/zero of=/dev/sda bs=1M", "block"],
      ["sudo dd if=image.iso of=/dev/disk2 bs=4m", "block"],
      ["dd if=/dev/urandom of=/dev/nvme0n1", "block"],
      ["cat image.img > /dev/sdb", "block"],
      ["echo hi | sudo tee /dev/sda1", "block"],
      ["cp /dev/zero /dev/mmcblk0", "block"],
      ["pv disk.img > /dev/mapper/root", "block"],
      ["sudo sh -c 'cat /dev/zero > /dev/vda'", "block"],
      ["python3 -c \"open('/dev/sda','wb').write(b'0'*512)\"", "block"],
    ],
    allow: [
      "dd if=/dev/zero of=./disk.img bs=1M count=10",
      "dd if=/dev/sda of=/tmp/mbr.bin bs=512 count=1",
      "echo x > /dev/null",
      "cat /dev/urandom | head -c 16 > key.bin",
      "ls /dev/sd*",
    ],
  },
  {
    rule: formatDisk,
    catch: [
      ["mkfs.ext4 /dev/sdb1", "block"],
      ["sudo mkfs -t xfs /dev/nvme1n1", "block"],
      ["mke2fs /dev/sdc", "block"],
      ["wipefs -a /dev/sdb", "block"],
      ["sgdisk --zap-all /dev/sda", "block"],
      ["parted /dev/sda mklabel gpt", "block"],
      ["fdisk /dev/sda", "block"],
      ["blkdiscard /dev/nvme0n1", "block"],
      ["diskutil eraseDisk APFS Empty disk2", "block"],
      ["zpool destroy tank", "block"],
      ["zfs destroy -r tank/data", "block"],
      ["sudo lvremove -f vg0/data", "block"],
      ["cryptsetup luksFormat /dev/sdb", "block"],
      ["mkswap /dev/sda2", "block"],
    ],
    allow: [
      "fdisk -l",
      "sgdisk -p /dev/sda",
      "parted -l",
      "diskutil list",
      "wipefs /dev/sdb",
      "zfs list",
      "zpool status",
      "mkfs --help",
      "lsblk",
    ],
  },
  {
    rule: forkBomb,
    catch: [
      [":(){ :|:& };:", "block"],
      ["bomb() { bomb | bomb & }; bomb", "block"],
      ["f(){ f|f & }; f", "block"],
      ["function x { x & x; }; x", "block"],
      ["python3 -c 'import os\nwhile True:\n    os.fork()'", "block"],
      ["perl -e 'fork while 1'", "block"],
      ["perl -e 'while(1){fork}'", "block"],
      ["ruby -e 'loop { fork }'", "block"],
    ],
    allow: [
      "f() { echo hi; }; f & wait",
      "countdown() { [ $1 -gt 0 ] && countdown $(( $1 - 1 )); }; countdown 3",
      "python3 -c 'import os; pid = os.fork()'",
    ],
  },
  {
    rule: killAll,
    catch: [
      ["kill -9 -1", "block"],
      ["kill -KILL -1", "block"],
      ["kill -s KILL -1", "block"],
      ["kill -- -1", "block"],
      ["sudo kill -9 1", "block"],
      ["killall5 -9", "block"],
      ["pkill -9 -u dev", "block"],
    ],
    allow: ["kill -9 4242", "kill -1 4242", "kill %2", "pkill -f 'node server.js'", "killall node", "kill -l"],
  },
  {
    rule: shutdown,
    catch: [
      ["shutdown -h now", "block"],
      ["sudo reboot", "block"],
      ["poweroff", "block"],
      ["halt -p", "block"],
      ["init 0", "block"],
      ["sudo systemctl reboot", "block"],
      ["systemctl poweroff -i", "block"],
      ["sudo shutdown -r +5", "block"],
    ],
    allow: ["shutdown -c", "systemctl status nginx", "echo reboot", "init --version"],
  },
  {
    rule: crontabRemove,
    catch: [
      ["crontab -r", "block"],
      ["crontab -ir", "block"],
      ["sudo crontab -u www-data -r", "block"],
    ],
    allow: ["crontab -l", "crontab -l > cron.bak", "crontab cron.txt", "crontab -u dev -l"],
  },
  {
    rule: criticalService,
    catch: [
      ["sudo systemctl stop sshd", "block"],
      ["systemctl disable --now ssh.service", "block"],
      ["sudo systemctl mask NetworkManager", "block"],
      ["service networking stop", "block"],
      ["sudo ufw disable", "block"],
      ["systemctl stop systemd-journald", "block"],
      ["sudo iptables -F", "escalate"],
      ["nft flush ruleset", "escalate"],
    ],
    allow: [
      "systemctl restart nginx",
      "systemctl stop myapp",
      "systemctl status sshd",
      "service postgresql stop",
      "sudo ufw allow 22",
      "iptables -L",
    ],
  },
];
