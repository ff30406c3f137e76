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

/** What the reorganisation did to an agency: kept it, set it up, or merged it into a successor. */
type Reorganised = Pick<CentralAgency, 'establishedOn' | 'endedOn' | 'successorCode'>;

/** Kept by the reorganisation as it was. */
const kept: Reorganised = {};

/** Set up by the reorganisation. */
const established: Reorganised = { establishedOn: day };

/** Merged by the reorganisation into `successorCode`, which took over its tasks. */
const mergedInto = (successorCode: string): Reorganised => ({ endedOn: day, successorCode });

/** One row of the table below. */
const agency = (
  code: string,
  name: string,
  kind: CentralAgency['kind'],
  reorganised: Reorganised,
): CentralAgency => ({ code, name, kind, ...reorganised });

/**
 * Ministries, ministry-level and government agencies before and after the reorganisation of
 * 1 March 2025: 14 ministries and 3 ministry-level agencies remain; merged ones keep their record
 * with the successor that took over their tasks.
 */
export const centralAgencies: readonly CentralAgency[] = [
  agency('BQP', 'Bộ Quốc phòng', 'MINISTRY', kept),
  agency('BCA', 'Bộ Công an', 'MINISTRY', kept),
  agency('BNG', 'Bộ Ngoại giao', 'MINISTRY', kept),
  agency('BNV', 'Bộ Nội vụ', 'MINISTRY', kept),
  agency('BTP', 'Bộ Tư pháp', 'MINISTRY', kept),
  agency('BTC', 'Bộ Tài chính', 'MINISTRY', kept),
  agency('BCT', 'Bộ Công Thương', 'MINISTRY', kept),
  agency('BNNMT', 'Bộ Nông nghiệp và Môi trường', 'MINISTRY', established),
  agency('BXD', 'Bộ Xây dựng', 'MINISTRY', kept),
  agency('BVHTTDL', 'Bộ Văn hóa, Thể thao và Du lịch', 'MINISTRY', kept),
  agency('BKHCN', 'Bộ Khoa học và Công nghệ', 'MINISTRY', kept),
  agency('BGDDT', 'Bộ Giáo dục và Đào tạo', 'MINISTRY', kept),
  agency('BYT', 'Bộ Y tế', 'MINISTRY', kept),
  agency('BDTTG', 'Bộ Dân tộc và Tôn giáo', 'MINISTRY', established),
  agency('NHNN', 'Ngân hàng Nhà nước Việt Nam', 'MINISTRY_LEVEL_AGENCY', kept),
  agency('TTCP', 'Thanh tra Chính phủ', 'MINISTRY_LEVEL_AGENCY', kept),
  agency('VPCP', 'Văn phòng Chính phủ', 'MINISTRY_LEVEL_AGENCY', kept),
  agency('TTXVN', 'Thông tấn xã Việt Nam', 'GOVERNMENT_AGENCY', kept),
  agency('DTHVN', 'Đài Truyền hình Việt Nam', 'GOVERNMENT_AGENCY', kept),
  agency('DTNVN', 'Đài Tiếng nói Việt Nam', 'GOVERNMENT_AGENCY', kept),
  agency('VHLKHCNVN', 'Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'GOVERNMENT_AGENCY', kept),
  agency('VHLKHXHVN', 'Viện Hàn lâm Khoa học xã hội Việt Nam', 'GOVERNMENT_AGENCY', kept),
  agency('BKHDT', 'Bộ Kế hoạch và Đầu tư', 'MINISTRY', mergedInto('BTC')),
  agency('BTTTT', 'Bộ Thông tin và Truyền thông', 'MINISTRY', mergedInto('BKHCN')),
  agency('BLDTBXH', 'Bộ Lao động - Thương binh và Xã hội', 'MINISTRY', mergedInto('BNV')),
  agency('BTNMT', 'Bộ Tài nguyên và Môi trường', 'MINISTRY', mergedInto('BNNMT')),
  agency('BNNPTNT', 'Bộ Nông nghiệp và Phát triển nông thôn', 'MINISTRY', mergedInto('BNNMT')),
  agency('BGTVT', 'Bộ Giao thông vận tải', 'MINISTRY', mergedInto('BXD')),
  agency('UBDT', 'Ủy ban Dân tộc', 'MINISTRY_LEVEL_AGENCY', mergedInto('BDTTG')),
  agency('BHXHVN', 'Bảo hiểm xã hội Việt Nam', 'GOVERNMENT_AGENCY', mergedInto('BTC')),
  agency(
    'UBQLVNN',
    'Ủy ban Quản lý vốn nhà nước tại doanh nghiệp',
    'GOVERNMENT_AGENCY',
    mergedInto('BTC'),
  ),
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
