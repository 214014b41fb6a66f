import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
const { document } = parseHTML('<!doctype html><html><body></body></html>');
const t0 = performance.now();
const data = [{p:'2024 І', s:'виконано', n:20},{p:'2024 І', s:'виконується', n:8},{p:'2024 ІІ', s:'виконано', n:24},{p:'2024 ІІ', s:'виконується', n:4}];
const svg = Plot.plot({ document, width: 640, height: 240, marks: [Plot.barY(data, {x:'p', y:'n', fill:'s'}), Plot.ruleY([0])], color: {legend: false} , ariaLabel: 'test'});
console.log(svg.outerHTML.slice(0, 3000));
console.log(performance.now()-t0);
