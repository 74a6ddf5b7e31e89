#!/bin/bash
# Host settings of a Cassandra node that must never restart it, applied by an SSM State Manager
# association (not user data, whose changes replace instances) now and every 30 minutes.
set -euo pipefail

# Ubuntu 24.04's needrestart restarts services using an updated library after the daily
# unattended security upgrades, on every node within the same hour: Cassandra restarts only when
# an operator rolls the ring, rack by rack.
install -d -m 0755 /etc/needrestart/conf.d
printf '%s\n' '$nrconf{override_rc}{qr(^cassandra\.service$)} = 0;' >/etc/needrestart/conf.d/90-cassandra.conf
# Nor do those upgrades replace the JDK under the running JVM: it is upgraded with that restart.
printf '%s\n' 'Unattended-Upgrade::Package-Blacklist { "openjdk-"; };' >/etc/apt/apt.conf.d/51cassandra-jdk

# A data volume grown in place (cassandra.dataVolume.size) needs its filesystem grown too; with
# nothing to grow this changes nothing. Before the first boot has mounted it there is nothing to do.
if mountpoint -q /var/lib/cassandra; then
  xfs_growfs /var/lib/cassandra >/dev/null
fi
