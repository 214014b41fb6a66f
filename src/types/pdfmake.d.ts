// The part of pdfmake 0.3 (server build) Zvit uses; the package ships no types.
declare module 'pdfmake' {
  export interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  export interface PdfMake {
    addFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
    setUrlAccessPolicy(callback: (url: string) => boolean): void;
    setLocalAccessPolicy(callback: (path: string) => boolean): void;
    createPdf(definition: Record<string, unknown>, options?: Record<string, unknown>): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
