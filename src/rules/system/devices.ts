// What names a disk: block devices under /dev (not /dev/null, /dev/zero, ttys, fds).
export const BLOCK_DEVICE =
  /^\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|disk\/|mapper\/|md\d|md\/|dm-\d|loop\d|nbd\d|zd\d|sr\d|fd\d|mtdblock\d|ubd|root$|mem$|kmem$|port$|[a-z]+\/by-)/;
