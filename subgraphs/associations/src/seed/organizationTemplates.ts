/** A kind of organisation the demo registry names after (Vietnamese name, English name, field). */
export interface OrganizationTemplate {
  kind: 'ASSOCIATION' | 'SOCIAL_FUND' | 'CHARITY_FUND';
  field: string;
  name: string;
  englishName: string;
  abbreviation: string;
}

/**
 * Name stems of the demo registry, the kinds of organisation the registry holds most of. The
 * generator appends the place (`Việt Nam`, a province, a commune) to each.
 */
export const organizationTemplates: readonly OrganizationTemplate[] = [
  {
    kind: 'ASSOCIATION',
    field: 'EDUCATION',
    name: 'Hội Khuyến học',
    englishName: 'Association for Promotion of Education',
    abbreviation: 'KH',
  },
  {
    kind: 'ASSOCIATION',
    field: 'ECONOMY_AND_TRADE',
    name: 'Hiệp hội Doanh nghiệp',
    englishName: 'Business Association',
    abbreviation: 'DN',
  },
  {
    kind: 'ASSOCIATION',
    field: 'SCIENCE_AND_TECHNOLOGY',
    name: 'Liên hiệp các Hội Khoa học và Kỹ thuật',
    englishName: 'Union of Science and Technology Associations',
    abbreviation: 'LHH',
  },
  {
    kind: 'ASSOCIATION',
    field: 'CULTURE_AND_ARTS',
    name: 'Hội Văn học Nghệ thuật',
    englishName: 'Literature and Arts Association',
    abbreviation: 'VHNT',
  },
  {
    kind: 'ASSOCIATION',
    field: 'SPORTS',
    name: 'Liên đoàn Võ thuật cổ truyền',
    englishName: 'Traditional Martial Arts Federation',
    abbreviation: 'VTCT',
  },
  {
    kind: 'ASSOCIATION',
    field: 'HEALTH',
    name: 'Hội Đông y',
    englishName: 'Oriental Medicine Association',
    abbreviation: 'ĐY',
  },
  {
    kind: 'ASSOCIATION',
    field: 'SOCIAL_AND_CHARITY',
    name: 'Hội Bảo trợ người khuyết tật và trẻ mồ côi',
    englishName: 'Association for the Support of People with Disabilities and Orphans',
    abbreviation: 'BTNKT',
  },
  {
    kind: 'ASSOCIATION',
    field: 'AGRICULTURE',
    name: 'Hội Làm vườn',
    englishName: 'Gardening Association',
    abbreviation: 'LV',
  },
  {
    kind: 'ASSOCIATION',
    field: 'PROFESSIONAL',
    name: 'Hội Luật gia',
    englishName: 'Lawyers Association',
    abbreviation: 'LG',
  },
  {
    kind: 'ASSOCIATION',
    field: 'FRIENDSHIP',
    name: 'Hội Hữu nghị Việt Nam – Lào',
    englishName: 'Vietnam–Laos Friendship Association',
    abbreviation: 'HNVL',
  },
  {
    kind: 'ASSOCIATION',
    field: 'VETERANS_AND_ALUMNI',
    name: 'Hội Cựu thanh niên xung phong',
    englishName: 'Former Youth Volunteers Association',
    abbreviation: 'CTNXP',
  },
  {
    kind: 'ASSOCIATION',
    field: 'ENVIRONMENT',
    name: 'Hội Bảo vệ thiên nhiên và môi trường',
    englishName: 'Association for Conservation of Nature and Environment',
    abbreviation: 'BVTN',
  },
  {
    kind: 'ASSOCIATION',
    field: 'AGRICULTURE',
    name: 'Hội Nuôi ong',
    englishName: 'Beekeeping Association',
    abbreviation: 'NO',
  },
  {
    kind: 'ASSOCIATION',
    field: 'PROFESSIONAL',
    name: 'Hội Kế toán và Kiểm toán',
    englishName: 'Accounting and Auditing Association',
    abbreviation: 'KTKT',
  },
  {
    kind: 'SOCIAL_FUND',
    field: 'EDUCATION',
    name: 'Quỹ Khuyến học',
    englishName: 'Fund for Promotion of Education',
    abbreviation: 'QKH',
  },
  {
    kind: 'SOCIAL_FUND',
    field: 'SCIENCE_AND_TECHNOLOGY',
    name: 'Quỹ Phát triển tài năng',
    englishName: 'Talent Development Fund',
    abbreviation: 'QPTTN',
  },
  {
    kind: 'SOCIAL_FUND',
    field: 'HEALTH',
    name: 'Quỹ Hỗ trợ người bệnh',
    englishName: 'Patient Support Fund',
    abbreviation: 'QHTNB',
  },
  {
    kind: 'SOCIAL_FUND',
    field: 'AGRICULTURE',
    name: 'Quỹ Hỗ trợ nông dân',
    englishName: 'Farmers Support Fund',
    abbreviation: 'QHTND',
  },
  {
    kind: 'CHARITY_FUND',
    field: 'SOCIAL_AND_CHARITY',
    name: 'Quỹ Từ thiện',
    englishName: 'Charity Fund',
    abbreviation: 'QTT',
  },
  {
    kind: 'CHARITY_FUND',
    field: 'SOCIAL_AND_CHARITY',
    name: 'Quỹ Vì người nghèo',
    englishName: 'Fund for the Poor',
    abbreviation: 'QVNN',
  },
  {
    kind: 'CHARITY_FUND',
    field: 'SOCIAL_AND_CHARITY',
    name: 'Quỹ Bảo trợ trẻ em',
    englishName: 'Child Protection Fund',
    abbreviation: 'QBTTE',
  },
];
