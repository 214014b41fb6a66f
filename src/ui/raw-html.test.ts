import { describe, expect, it } from 'vitest';
import { trustedSvg } from './raw-html.tsx';

describe('the one way raw markup reaches a page', () => {
  it('takes a plain SVG and refuses anything that could run or is not an SVG', () => {
    expect(trustedSvg('<svg viewBox="0 0 1 1"><text>&lt;script&gt;</text></svg>')).toContain('&lt;script&gt;');
    for (const bad of ['<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>', '<svg><a href="javascript:alert(1)">x</a></svg>', '<svg><foreignObject><div/></foreignObject></svg>', '<svg><style>*{}</style></svg>', '<div>x</div>', '<svg>unclosed']) {
      expect(() => trustedSvg(bad), bad).toThrow(/not a plain SVG/);
    }
  });
});
