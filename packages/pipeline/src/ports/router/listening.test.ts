import { describe, expect, it } from 'vitest';
import { listeningPorts } from './listening.js';

describe('listeningPorts', () => {
  it('reads the LISTEN sockets of /proc/net/tcp and tcp6, whatever their address; connections are not listeners', () => {
    const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F91 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1
`;
    const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 100 0 0 10 0
`;
    expect([...listeningPorts(tcp)]).toEqual([8080, 80]);
    expect([...listeningPorts(tcp6)]).toEqual([8082]);
    expect(listeningPorts('').size).toBe(0);
  });
});
