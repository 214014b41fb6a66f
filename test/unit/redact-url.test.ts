import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/app.ts';

describe('the request log leaves out the tokens that are credentials', () => {
  it('masks calendar, invitation and password-reset links, and nothing else', () => {
    const token = 'Q2x4b3ZlLXRva2VuLWZvci10ZXN0cy0xMjM0NTY3ODkw';
    expect(redactUrl(`/calendar/${token}.ics`)).toBe('/calendar/….ics');
    expect(redactUrl(`/invitation/${token}`)).toBe('/invitation/…');
    expect(redactUrl(`/password-reset/${token}?x=1`)).toBe('/password-reset/…?x=1');
    expect(redactUrl('/plans/poltava-ctb-2023-2025/invitations')).toBe('/plans/poltava-ctb-2023-2025/invitations');
    expect(redactUrl('/reports')).toBe('/reports');
  });
});
