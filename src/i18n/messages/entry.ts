/** One message: ICU MessageFormat in Ukrainian and English. */
export interface MessageEntry {
  uk: string;
  en: string;
}
