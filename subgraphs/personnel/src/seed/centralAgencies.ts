/** A central agency of the catalogue. */
export interface CentralAgency {
  code: string;
  name: string;
  kind: 'MINISTRY' | 'MINISTRY_LEVEL_AGENCY' | 'GOVERNMENT_AGENCY';
  establishedOn?: string;
  endedOn?: string;
  successorCode?: string;
}

/** The reorganisation of the Government of 1 March 2025 (Resolution 176/2025/QH15). */
export const governmentReorganisation = { day: '2025-03-01', basis: 'Resolution 176/2025/QH15' };

const { day } = governmentReorganisation;

/** An agency the reorganisation merged into `successorCode`, which took over its tasks. */
const mergedInto = (
  successorCode: string,
  code: string,
  name: string,
  kind: CentralAgency['kind'],
): CentralAgency => ({ code, name, kind, endedOn: day, successorCode });

/**
 * Ministries, ministry-level and government agencies before and after the reorganisation of
 * 1 March 2025: 14 ministries and 3 ministry-level agencies remain; merged ones keep their record
 * with the successor that took over their tasks.
 */
export const centralAgencies: readonly CentralAgency[] = [
  { code: 'BQP', name: 'Bộ Quốc phòng', kind: 'MINISTRY' },
  { code: 'BCA', name: 'Bộ Công an', kind: 'MINISTRY' },
  { code: 'BNG', name: 'Bộ Ngoại giao', kind: 'MINISTRY' },
  { code: 'BNV', name: 'Bộ Nội vụ', kind: 'MINISTRY' },
  { code: 'BTP', name: 'Bộ Tư pháp', kind: 'MINISTRY' },
  { code: 'BTC', name: 'Bộ Tài chính', kind: 'MINISTRY' },
  { code: 'BCT', name: 'Bộ Công Thương', kind: 'MINISTRY' },
  { code: 'BNNMT', name: 'Bộ Nông nghiệp và Môi trường', kind: 'MINISTRY', establishedOn: day },
  { code: 'BXD', name: 'Bộ Xây dựng', kind: 'MINISTRY' },
  { code: 'BVHTTDL', name: 'Bộ Văn hóa, Thể thao và Du lịch', kind: 'MINISTRY' },
  { code: 'BKHCN', name: 'Bộ Khoa học và Công nghệ', kind: 'MINISTRY' },
  { code: 'BGDDT', name: 'Bộ Giáo dục và Đào tạo', kind: 'MINISTRY' },
  { code: 'BYT', name: 'Bộ Y tế', kind: 'MINISTRY' },
  { code: 'BDTTG', name: 'Bộ Dân tộc và Tôn giáo', kind: 'MINISTRY', establishedOn: day },
  { code: 'NHNN', name: 'Ngân hàng Nhà nước Việt Nam', kind: 'MINISTRY_LEVEL_AGENCY' },
  { code: 'TTCP', name: 'Thanh tra Chính phủ', kind: 'MINISTRY_LEVEL_AGENCY' },
  { code: 'VPCP', name: 'Văn phòng Chính phủ', kind: 'MINISTRY_LEVEL_AGENCY' },
  { code: 'TTXVN', name: 'Thông tấn xã Việt Nam', kind: 'GOVERNMENT_AGENCY' },
  { code: 'DTHVN', name: 'Đài Truyền hình Việt Nam', kind: 'GOVERNMENT_AGENCY' },
  { code: 'DTNVN', name: 'Đài Tiếng nói Việt Nam', kind: 'GOVERNMENT_AGENCY' },
  {
    code: 'VHLKHCNVN',
    name: 'Viện Hàn lâm Khoa học và Công nghệ Việt Nam',
    kind: 'GOVERNMENT_AGENCY',
  },
  { code: 'VHLKHXHVN', name: 'Viện Hàn lâm Khoa học xã hội Việt Nam', kind: 'GOVERNMENT_AGENCY' },
  mergedInto('BTC', 'BKHDT', 'Bộ Kế hoạch và Đầu tư', 'MINISTRY'),
  mergedInto('BKHCN', 'BTTTT', 'Bộ Thông tin và Truyền thông', 'MINISTRY'),
  mergedInto('BNV', 'BLDTBXH', 'Bộ Lao động - Thương binh và Xã hội', 'MINISTRY'),
  mergedInto('BNNMT', 'BTNMT', 'Bộ Tài nguyên và Môi trường', 'MINISTRY'),
  mergedInto('BNNMT', 'BNNPTNT', 'Bộ Nông nghiệp và Phát triển nông thôn', 'MINISTRY'),
  mergedInto('BXD', 'BGTVT', 'Bộ Giao thông vận tải', 'MINISTRY'),
  mergedInto('BDTTG', 'UBDT', 'Ủy ban Dân tộc', 'MINISTRY_LEVEL_AGENCY'),
  mergedInto('BTC', 'BHXHVN', 'Bảo hiểm xã hội Việt Nam', 'GOVERNMENT_AGENCY'),
  mergedInto('BTC', 'UBQLVNN', 'Ủy ban Quản lý vốn nhà nước tại doanh nghiệp', 'GOVERNMENT_AGENCY'),
];

/**
 * Specialised agencies of each provincial people's committee after the reorganisation of
 * provincial departments (Decree 150/2025/ND-CP), coded `<DEPT>-<provinceCode>`.
 */
export const provincialDepartments: readonly {
  code: string;
  name: string;
  establishedOn?: string;
}[] = [
  { code: 'VPUBND', name: 'Văn phòng Ủy ban nhân dân' },
  { code: 'SNV', name: 'Sở Nội vụ' },
  { code: 'STP', name: 'Sở Tư pháp' },
  { code: 'STC', name: 'Sở Tài chính' },
  { code: 'SCT', name: 'Sở Công Thương' },
  { code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', establishedOn: day },
  { code: 'SXD', name: 'Sở Xây dựng' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
  { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo' },
  { code: 'SYT', name: 'Sở Y tế' },
  { code: 'TTT', name: 'Thanh tra tỉnh' },
];
