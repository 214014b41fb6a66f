import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake');
import path from 'node:path';
const fontDir = path.dirname(require.resolve('dejavu-fonts-ttf/package.json')) + '/ttf';
pdfmake.setFonts({ DejaVu: { normal: `${fontDir}/DejaVuSerif.ttf`, bold: `${fontDir}/DejaVuSerif-Bold.ttf`, italics: `${fontDir}/DejaVuSerif.ttf`, bolditalics: `${fontDir}/DejaVuSerif-Bold.ttf` } });
const body: any[] = [[{ text: 'H1' }, { text: 'H2' }]];
for (let i = 0; i < 60; i++) {
  if (i % 17 === 16) body.push([{ text: `GOAL ${i}`, colSpan: 2, bold: true, headlineLevel: 1, id: `goal${i}` }, {}]);
  else body.push([{ text: `row ${i}` }, { text: 'x\ny' }]);
}
const dd = {
  defaultStyle: { font: 'DejaVu' },
  content: [{ table: { headerRows: 1, widths: ['50%', '50%'], body } }],
  pageBreakBefore: (node: any, api: any) => {
    if (node.headlineLevel === 1) console.log('seen', node.id, node.pageNumbers, node.startPosition.verticalRatio, api.getFollowingNodesOnPage().length);
    return node.headlineLevel === 1 && node.startPosition.verticalRatio > 0.7;
  },
};
const doc = pdfmake.createPdf(dd);
const buf = await doc.getBuffer();
fs.writeFileSync('/tmp/pdfx/a.pdf', buf);
