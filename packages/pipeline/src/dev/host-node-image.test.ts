import { describe, expect, it } from 'vitest';
import { FerryError } from '../errors.js';
import { hostNodeImageFiles } from './host-node-image.js';

// `ldd /usr/bin/node` on the Debian 12 host.
const LDD = `	linux-vdso.so.1 (0x00007f66bc1c1000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f66bc1ab000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f66bbe00000)
	libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f66bc0cb000)
	libgcc_s.so.1 => /lib/x86_64-linux-gnu/libgcc_s.so.1 (0x00007f66bc0ab000)
	libpthread.so.0 => /lib/x86_64-linux-gnu/libpthread.so.0 (0x00007f66bc0a6000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f66bbc1e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f66bc1c3000)
`;

describe('hostNodeImageFiles', () => {
  it('lists node, every resolved library and the loader; skips the vDSO', () => {
    expect(hostNodeImageFiles('/usr/bin/node', LDD)).toEqual([
      '/usr/bin/node',
      '/lib/x86_64-linux-gnu/libdl.so.2',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libm.so.6',
      '/lib/x86_64-linux-gnu/libgcc_s.so.1',
      '/lib/x86_64-linux-gnu/libpthread.so.0',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('a statically linked binary needs only itself', () => {
    expect(hostNodeImageFiles('/opt/node', '\tnot a dynamic executable\n')).toEqual(['/opt/node']);
  });

  it('a missing library is an error naming it', () => {
    expect(() => hostNodeImageFiles('/usr/bin/node', '\tlibicu.so.72 => not found\n')).toThrow(
      new FerryError('ldd /usr/bin/node: shared library libicu.so.72 not found on this host'),
    );
  });
});
