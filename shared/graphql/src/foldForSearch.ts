/**
 * Folds Vietnamese text for search: Unicode-normalised, case- and diacritic-insensitive, `đ` as
 * `d`, runs of white space as one space. `Nghệ An`, `NGHE AN` and a decomposed `Nghệ An` all
 * fold to `nghe an`.
 */
export function foldForSearch(text: string): string {
  return (
    text
      // NFD splits every precomposed letter into its base letter and combining marks.
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // đ/Đ (U+0111/U+0110) are letters of their own, not d with a mark: NFD leaves them whole.
      .replace(/[đĐ]/g, 'd')
      // Names like Ea H'Leo are typed with any of these apostrophes.
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}
