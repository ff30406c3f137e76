/** The resolution that arranged the provincial units on 1 July 2025. */
export const provinceResolution = '202/2025/QH15';

/** Provincial units in force from a date, each with the earlier provinces it took in whole. */
export type ProvinceArrangement = ReadonlyArray<{ name: string; from: readonly string[] }>;

/**
 * Resolution 202/2025/QH15 (12 June 2025), Article 1: each of the 34 provincial units in force
 * from 1 July 2025 and the pre-2025 provinces whose whole territory it took. Names are without the
 * type word; the 11 units the resolution left as they were list only themselves. No pre-2025
 * province was split, so every share at this level is WHOLE.
 */
export const provinceArrangement: ProvinceArrangement = [
  { name: 'Hà Nội', from: ['Hà Nội'] },
  { name: 'Huế', from: ['Huế'] },
  { name: 'Lai Châu', from: ['Lai Châu'] },
  { name: 'Điện Biên', from: ['Điện Biên'] },
  { name: 'Sơn La', from: ['Sơn La'] },
  { name: 'Lạng Sơn', from: ['Lạng Sơn'] },
  { name: 'Quảng Ninh', from: ['Quảng Ninh'] },
  { name: 'Thanh Hóa', from: ['Thanh Hóa'] },
  { name: 'Nghệ An', from: ['Nghệ An'] },
  { name: 'Hà Tĩnh', from: ['Hà Tĩnh'] },
  { name: 'Cao Bằng', from: ['Cao Bằng'] },
  { name: 'Tuyên Quang', from: ['Tuyên Quang', 'Hà Giang'] },
  { name: 'Lào Cai', from: ['Lào Cai', 'Yên Bái'] },
  { name: 'Thái Nguyên', from: ['Thái Nguyên', 'Bắc Kạn'] },
  { name: 'Phú Thọ', from: ['Phú Thọ', 'Vĩnh Phúc', 'Hòa Bình'] },
  { name: 'Bắc Ninh', from: ['Bắc Ninh', 'Bắc Giang'] },
  { name: 'Hưng Yên', from: ['Hưng Yên', 'Thái Bình'] },
  { name: 'Hải Phòng', from: ['Hải Phòng', 'Hải Dương'] },
  { name: 'Ninh Bình', from: ['Ninh Bình', 'Hà Nam', 'Nam Định'] },
  { name: 'Quảng Trị', from: ['Quảng Trị', 'Quảng Bình'] },
  { name: 'Đà Nẵng', from: ['Đà Nẵng', 'Quảng Nam'] },
  { name: 'Quảng Ngãi', from: ['Quảng Ngãi', 'Kon Tum'] },
  { name: 'Gia Lai', from: ['Gia Lai', 'Bình Định'] },
  { name: 'Khánh Hòa', from: ['Khánh Hòa', 'Ninh Thuận'] },
  { name: 'Lâm Đồng', from: ['Lâm Đồng', 'Đắk Nông', 'Bình Thuận'] },
  { name: 'Đắk Lắk', from: ['Đắk Lắk', 'Phú Yên'] },
  { name: 'Hồ Chí Minh', from: ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu'] },
  { name: 'Đồng Nai', from: ['Đồng Nai', 'Bình Phước'] },
  { name: 'Tây Ninh', from: ['Tây Ninh', 'Long An'] },
  { name: 'Cần Thơ', from: ['Cần Thơ', 'Sóc Trăng', 'Hậu Giang'] },
  { name: 'Vĩnh Long', from: ['Vĩnh Long', 'Bến Tre', 'Trà Vinh'] },
  { name: 'Đồng Tháp', from: ['Đồng Tháp', 'Tiền Giang'] },
  { name: 'Cà Mau', from: ['Cà Mau', 'Bạc Liêu'] },
  { name: 'An Giang', from: ['An Giang', 'Kiên Giang'] },
];

/**
 * Former names of provinces, keyed by the name the 2025 sources use. Resolution
 * 1314/NQ-UBTVQH15 made the province of Thừa Thiên Huế the centrally-run city of Huế from
 * 1 January 2025; the pre-2025 package still has the old name.
 */
export const formerProvinceNames: Readonly<Record<string, readonly string[]>> = {
  Huế: ['Thừa Thiên Huế'],
};
