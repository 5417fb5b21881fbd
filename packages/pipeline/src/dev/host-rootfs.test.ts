import { describe, expect, it } from 'vitest';
import { FerryError } from '../errors.js';
import { hostBinaryFiles } from './host-rootfs.js';
import { routerImageLayout } from './host-router-image.js';

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

describe('hostBinaryFiles', () => {
  it('lists node, every resolved library and the loader; skips the vDSO', () => {
    expect(hostBinaryFiles('/usr/bin/node', LDD)).toEqual([
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
    expect(hostBinaryFiles('/opt/node', '\tnot a dynamic executable\n')).toEqual(['/opt/node']);
  });

  it('a missing library is an error naming it', () => {
    expect(() => hostBinaryFiles('/usr/bin/node', '\tlibicu.so.72 => not found\n')).toThrow(
      new FerryError('ldd /usr/bin/node: shared library libicu.so.72 not found on this host'),
    );
  });
});

describe('routerImageLayout', () => {
  it('nginx and its libraries at their own paths, mime.types, root and nobody, and the directories nginx writes', () => {
    expect(routerImageLayout(['/usr/sbin/nginx', '/lib/x86_64-linux-gnu/libc.so.6'])).toEqual({
      copies: [
        { from: '/usr/sbin/nginx', to: '/usr/sbin/nginx', mode: 0o755 },
        { from: '/lib/x86_64-linux-gnu/libc.so.6', to: '/lib/x86_64-linux-gnu/libc.so.6', mode: 0o755 },
        { from: '/etc/nginx/mime.types', to: '/etc/nginx/mime.types', mode: 0o644 },
      ],
      writes: [
        { to: '/etc/passwd', text: 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' },
        { to: '/etc/group', text: 'root:x:0:\nnogroup:x:65534:\n' },
      ],
      dirs: [
        { path: 'var/log/nginx', mode: 0o755 },
        { path: 'var/lib/nginx', mode: 0o755 },
        { path: 'run', mode: 0o755 },
        { path: 'tmp', mode: 0o1777 },
      ],
    });
  });
});
