// Turns feed bytes into text. The order of evidence follows RFC 3023 as the Python feedparser applies it:
// a byte-order mark, then the HTTP charset, then the XML declaration, with `text/*` media types defaulting
// to US-ASCII. Real feeds often lie, so the chosen charset is verified against the bytes, and when it does
// not fit (or nothing was declared and the bytes are not UTF-8) a small sniffer picks the legacy encoding
// whose decoding looks most like text. iconv-lite does the decoding; only the choosing is ours.
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** Canonical lower-case name of the encoding used. */
  encoding: string;
  /** The bytes did not fit the declared encoding, or the media type is not an XML one. */
  mismatch: boolean;
}

export interface ContentType {
  mime: string | null;
  charset: string | null;
}

/** Parses a Content-Type header leniently: `text/xml;charset= "us-ascii"`, `charset='x'`, stray `;`. */
export function parseContentType(header: string | undefined | null): ContentType {
  if (!header) return { mime: null, charset: null };
  const [rawMime, ...params] = header.split(';');
  const mime = rawMime.trim().toLowerCase() || null;
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*["']?([^"';\s]+)["']?\s*$/i.exec(p);
    if (m) charset = m[1].toLowerCase();
  }
  return { mime, charset };
}

/** Aliases resolved to the encoding iconv-lite should use (GB2312 feeds routinely contain GBK/GB18030 bytes). */
const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  ascii: 'us-ascii',
  'iso-8859-8-i': 'iso-8859-8',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  utf8: 'utf-8',
  'x-sjis': 'shift_jis',
  ks_c_5601: 'euc-kr',
  'ks_c_5601-1987': 'euc-kr',
};

export function canonicalEncoding(name: string): string | null {
  const lower = name.trim().toLowerCase();
  const mapped = ALIASES[lower] ?? lower;
  return iconv.encodingExists(mapped) ? mapped : null;
}

function sniffBom(buf: Buffer): { encoding: string; length: number } | null {
  if (buf.length >= 4 && buf[0] === 0x00 && buf[1] === 0x00 && buf[2] === 0xfe && buf[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0x00 && buf[3] === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** Wide encodings recognised from the first `<` (XML 1.0 appendix F) when there is no BOM. */
function sniffWidePattern(buf: Buffer): string | null {
  if (buf.length < 4) return null;
  const [a, b, c, d] = buf;
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return 'utf-16be';
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return 'utf-16le';
  return null;
}

function xmlDeclaredEncoding(head: string): string | null {
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return decl ? decl[1].toLowerCase() : null;
}

function isXmlMime(mime: string): boolean {
  return /^(application|text)\/([a-z0-9.+-]+\+)?xml(-dtd|-external-parsed-entity)?$/.test(mime);
}

/** True when decoding with `encoding` does not lose bytes. */
function fits(buf: Buffer, encoding: string): boolean {
  if (encoding === 'us-ascii') return !buf.some((b) => b > 0x7f);
  if (encoding === 'utf-8') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf);
      return true;
    } catch {
      return false;
    }
  }
  if (/^utf-(16|32)/.test(encoding)) return true;
  return !iconv.decode(buf, encoding).includes('\ufffd');
}

// Candidate legacy encodings with the Unicode ranges their text mostly falls in. The sniffer scores each
// decoding by the share of non-ASCII characters inside the expected ranges, minus decoding failures.
const HAN: [number, number][] = [
  [0x4e00, 0x9fff],
  [0x3000, 0x303f],
  [0xff00, 0xffef],
];
const LEGACY: { encoding: string; ranges: [number, number][]; adjust: (base: number, text: string, runShare: number) => number }[] = [
  {
    encoding: 'windows-1252',
    ranges: [
      [0x00a0, 0x00ff],
      [0x2013, 0x2026],
      [0x0152, 0x0178],
    ],
    adjust: (b, _t, run) => b * (1 - run),
  },
  { encoding: 'euc-kr', ranges: [[0xac00, 0xd7a3]], adjust: (b) => b },
  { encoding: 'gb18030', ranges: HAN, adjust: (b, t) => b * Math.min(1, commonShare(t, SIMPLIFIED) / 0.6) },
  { encoding: 'big5', ranges: HAN, adjust: (b, t) => b * Math.min(1, commonShare(t, TRADITIONAL) / 0.6) },
  { encoding: 'euc-jp', ranges: [[0x3040, 0x30ff], ...HAN], adjust: (b, t) => b * kanaFactor(t) },
  { encoding: 'shift_jis', ranges: [[0x3040, 0x30ff], ...HAN], adjust: (b, t) => b * kanaFactor(t) },
  { encoding: 'koi8-r', ranges: [[0x0430, 0x044f]], adjust: (b, _t, run) => b * run },
  // Hebrew windows-1255 bytes land on а..ъ in windows-1251; Russian text always has some of ы ь э ю я.
  { encoding: 'windows-1251', ranges: [[0x0430, 0x044f]], adjust: (b, t, run) => b * run * (/[ыьэюя]/.test(t) ? 1 : 0.8) },
  { encoding: 'windows-1255', ranges: [[0x05d0, 0x05ea]], adjust: (b, _t, run) => b * run },
];

// Japanese running text always mixes in kana; Chinese or Korean bytes decoded as Japanese rarely do.
function kanaFactor(text: string): number {
  let kana = 0;
  let all = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    all++;
    if (c >= 0x3040 && c <= 0x30ff) kana++;
  }
  return all && kana / all > 0.15 ? 1 : 0.3;
}
// A few of the most frequent characters of each Chinese script, to tell GB from Big5 decodings apart.
const SIMPLIFIED = new Set(
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠哩函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霞驳裕顽於摘矮秒卿畜咽披辅勾盆疆赌塑畏吵囊嗯泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催璇翅盒蛮矣潘歧赐鲍锅廊拆灌勉盲宰佐啥胀扯禧辽抹筒棋裤唉朴咐孕誓喉妄拘链驰栏逝窃艳臭纤玑棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡後厨鸭颠遮谊圳吁仑辟瘤嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸裸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮哎屁漆淫巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦杭噢弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒咕隙辣绑宠嘿兑霉挫稽辐乞纱裙嘻哇绣杖塘衍轴攀膊譬斌祈踢肆坎轿棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙哗劈怯棠胳桩瑰娱娶沫嗓蹲焚淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜哄颖镑屑蚁壶怡渗秃迦旱哟咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寞睹贿踩霆呜拱妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣寒蜀甩涯枕丐泳奎泌逾叮黛燥掷藉枢憎鲸弘倚侮藩拂鹤蚀浆芙垃烤晒霜剿蕴圾绸屿氢驼妆捆铅逛淑榴丙痒钞蹄犬躬昼藻蛛褐颊奠募耽蹈陋侣魅岚侄虐堕陛莹荫狡阀绞膏垮茎缅喇绒搅凳梭丫姬诏钮棺耿缔懈嫉灶匀嗣鸽澡凿纬沸畴刃遏烁嗅叭熬瞥骸奢拙栋毯桐砂莽泻坪梳杉晤稚蔬蝇捣顷麽尴镖诧尬硫嚼羡沦沪旷彬芽狸冥碳咧惕暑咯萝汹腥窥俺潭崎麟捡拯厥澄萎哉涡滔暇溯鳞酿茵愕瞅暮衙诫斧兮焕棕佑嘶妓喧蓉删樱伺嗡娥梢坝蚕敷澜杏绥冶庇挠搂倏聂婉噪稼鳍菱盏匿吱寝揽髓秉哺矢啪帜邵嗽挟缸揉腻驯缆晌瘫贮觅朦僻隋蔓咋嵌虔畔琐碟涩胧嘟蹦冢浏裔襟叨诀旭虾簿啤擒枣嘎苑牟呕骆凸熄兀喔裳凹赎屯膛浇灼裘砰棘橡碱聋姥瑜毋娅沮萌俏黯撇粟粪尹苟癫蚂禹廖俭帖煎缕窦簇棱叩呐瑶墅莺烫蛙歹伶葱哮眩坤廓讳啼乍瓣矫跋枉梗厕琢讥釉窟敛轼庐胚呻绰扼懿炯竿慷虞锤栓桨蚊磅孽惭戳禀鄂馈垣溅咚钙礁彰豁眯磷雯墟迂瞻颅琉悼蝴拣渺眷悯汰慑婶斐嘘镶炕宦趴绷窘襄珀嚣拚酌浊毓撼嗜扛峭磕翘槽淌栅颓熏瑛颐忖',
);
const TRADITIONAL = new Set(
  '的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根乾造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害鬥雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配征修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島託央戶烈洋哥索胡款靠評版寶座釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封救貴槍缺樓縣尚毫移娘朋畫班智亦耳恩短掌恐遺固席松祕謝魯遇康慮幸均銷鐘詩藏趕劇票損忽巨炮舊端探湖錄葉春鄉附吸予禮港雨呀板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材滅逐莫筆亡鮮詞聖擇尋廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁陰園謀宋避抓榮姑孫逃牙束跳頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷坦牛寧紙諸訓私莊祖絲翻暴森塔默握戲隱熟骨訪弱蒙歌店鬼軟典欲薩夥遭盤爸擴蓋弄雄穩忘億刺擁徒姆楊齊賽趣曲刀床迎冰虛玩析窗醒妻透購替塞努休虎揚途侵刑綠兄迅套貿畢唯谷輪庫跡尤競街促延震棄甲偉麻川申緩潛閃售燈針哲絡抵朱埃抱鼓植純夏忍頁傑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂措姓殘秋培迷誠寬宇猛擺梅毀伸摩盟末乃悲拍丁趙硬麥蔣操耶阻訂彩抽贊魔紛沿喊違妹浪匯幣豐藍殊獻桌啦瓦萊援譯奪汽燒距裁偏符勇觸課敬哭懂牆襲召罰俠廳拜巧側韓冒債曼融慣享戴童猶乘掛獎紹厚縱障訊涉徹刊丈爆烏役描洗瑪患妙鏡唱煩簽仙彼弗症仿傾牌陷鳥轟咱菜閉奮慶撤淚茶疾緣播朗杜奶季丹狗尾儀偷奔珠蟲駐孔宜艾橋淡翼恨繁寒伴嘆旦愈潮糧縮罷聚徑恰挑袋灰捕徐珍幕映裂泰隔啟尖忠累炎暫估泛荒償橫拒瑞憶孤鼻鬧羊呆厲衡胞零窮舍碼赫婆魂災洪腿膽津俗辯胸曉勁貧仁偶輯邦恢賴圈摸仰潤堆碰艇稍遲輛廢淨兇署壁御奉旋冬礦抬蛋晨伏吹雞倍糊秦盾杯租騎乏隆診奴攝喪污渡旗甘耐憑扎搶緒粗肩梁幻菲皆碎宙叔岩蕩綜爬荷悉蒂返井壯薄悄掃敏礙殖詳迪矛霍允幅撒剩凱顆罵賞液番箱貼漫酸郎腰舒眉憂浮辛戀餐嚇挺勵辭艘鍵伍峰尺昨黎輩貫偵滑券崇擾憲繞趨慈喬閱汗枝拖墨脅插箭臘粉泥氏彭拔騙鳳慧媒佩憤撲齡驅惜豪掩兼躍屍肅帕駛堡屆欣惠冊儲飄桑閒慘潔蹤勃賓頻仇磨遞邪撞擬滾奏巡顏劑績貢瘋坡瞧截燃焦殿偽柳鎖逼頗昏勸呈搜勤戒駕漂飲曹朵仔柔倆孟腐幼踐籍牧涼牲佳娜濃芳稿竹腹跌邏垂遵脈貌柏獄猜憐惑陶獸帳飾貸昌敘躺鋼溝寄扶鋪鄧壽懼詢湯盜肥嘗匆輝奈扣廷澳嘛董遷凝慰厭髒騰幽怨鞋丟埋泉湧轄躲晉紫艱魏吾慌祝郵吐狠鑑曰械咬鄰赤擠彎椅陪割揭韋悟聰霧鋒梯貓祥闊譽籌叢牽鳴沈閣穆屈旨袖獵臂蛇賀柱拋鼠瑟戈牢遜邁欺噸琴衰瓶惱燕仲誘狼池疼盧仗冠粒遙呂玄塵馮撫淺敦糾鑽晶豈峽蒼噴耗凌敲菌賠塗粹扁虧寂煤熊恭濕循暖糖賦抑秩帽哀宿踏爛袁侯抖夾昆肝擦豬煉恆慎搬紐紋玻漁磁銅齒跨押怖漠疲叛遣茲祭醉拳彌斜檔稀捷膚疫腫豆削崗晃吞宏癌肚隸履漲耀扭壇撥沃繪伐堪僕郭犧殲墓僱廉契拼懲捉覆刷劫嫌瓜歇雕悶乳串娃繳喚贏蓮霸桃妥瘦搭赴岳嘉艙俊址龐耕銳縫悔邀玲惟斥宅添挖呵訟氧浩羽斤酷掠妖禍侍乙妨貪掙汪尿莉懸唇翰倉軌枚鹽覽傅帥廟芬屏寺胖璃愚滴疏蕭姿顫醜劣柯寸扔盯辱匹俱辨餓蜂哦腔鬱潰謹糟葛苗腸忌溜鴻爵鵬鷹籠丘桂滋聊擋綱肌茨殼痕碗穴膀卓賢臥膜毅錦欠哩函茫昂薛皺誇豫胃舌剝傲拾窩睜攜陵哼棉晴鈴填飼渴吻扮逆脆喘罩卜爐柴愉繩胎蓄眠竭餵傻慕渾奸扇櫃悅攔誕飽泡賊亭夕爹酬儒姻卵氛洩桿挨僧蜜吟猩遂狹肖甜霞駁裕頑摘矮秒卿畜咽披輔勾盆疆賭塑畏吵囊嗯泊肺驟纏岡羞瞪吊賈漏斑濤悠鹿俘錫卑葬銘灘嫁催璇翅盒蠻矣潘歧賜鮑鍋廊拆灌勉盲宰佐啥脹扯禧遼抹筒棋褲唉樸咐孕誓喉妄拘鏈馳欄逝竊豔臭纖璣棵趁匠盈翁愁瞬嬰孝頸倘浙諒蔽暢贈妮莎尉凍跪闖葡後廚鴨顛遮誼圳籲崙闢瘤嫂陀框譚亨欽庸歉芝吼甫衫攤宴囑衷嬌陝矩浦訝聳裸碧摧薪淋恥膠屠鵝飢盼脖虹翠崩賬萍逢賺撐翔倡綿猴枯巫昭怔淵湊溪蠢禪闡旺寓藤匪傘碑挪瓊脂謊慨菩萄獅掘抄嶺暈逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懶叉拐喃僚捐姊騷拓歪粘柄坑陌窄湘兆崖驕剎鞭芒筋聘鉤棍嚷腺弦焰耍俯釐愣廈懇饒釘寡憾摔疊惹喻譜愧煌徽溶墜煞巾濫灑堵瓷咒姨棒郡浴媚穌淮哎屁漆淫巢',
);

function commonShare(s: string, common: Set<string>): number {
  let han = 0;
  let hit = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x4e00 && c <= 0x9fff) {
      han++;
      if (common.has(ch)) hit++;
    }
  }
  return han === 0 ? 0 : hit / han;
}

function scoreDecoding(buf: Buffer, cand: (typeof LEGACY)[number]): { text: string; score: number } {
  const text = iconv.decode(buf, cand.encoding);
  let high = 0;
  let inRange = 0;
  let bad = 0;
  let lower = 0;
  let upper = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    high++;
    if (c === 0xfffd) bad++;
    else if (cand.ranges.some(([a, b]) => c >= a && c <= b)) inRange++;
    if (c >= 0x0410 && c <= 0x042f) upper++;
    if (c >= 0x0430 && c <= 0x044f) lower++;
  }
  if (high === 0) return { text, score: 0 };
  // Text in a non-Latin script is made of runs of non-ASCII letters; Latin text has isolated accented
  // letters between ASCII ones. Decoding Latin-1 bytes as Cyrillic or Hebrew yields the isolated pattern.
  const chars = [...text];
  let adjacent = 0;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i].charCodeAt(0) < 0x80) continue;
    if ((chars[i - 1] ?? 'a').charCodeAt(0) >= 0x80 || (chars[i + 1] ?? 'a').charCodeAt(0) >= 0x80) adjacent++;
  }
  const runShare = adjacent / high;
  let base = (inRange - 3 * bad) / high;
  // KOI8-R and windows-1251 both decode to Cyrillic; running text is mostly lower case, and each
  // encoding puts the other's lower-case letters where its own capitals are.
  if (cand.ranges[0][0] === 0x0430) base = (lower - upper - 3 * bad) / high;
  const score = cand.adjust(base, text, runShare);
  return { text, score };
}

/**
 * Bytes of a body the sniffer decodes (from its first non-ASCII byte): each candidate decodes the sample,
 * so sniffing the whole of a 1.6 MB podcast feed with one stray byte took 3-5 s, against 1 s to parse it.
 * 256 KB of text holds thousands of non-ASCII characters in any script, far more than the scores need.
 */
const SNIFF_SAMPLE_BYTES = 256 * 1024;

/** Picks the legacy encoding whose decoding of `buf` looks most like natural text. */
export function sniffLegacyEncoding(buf: Buffer): string {
  const first = buf.findIndex((b) => b > 0x7f);
  // Start a little before the first non-ASCII byte, so a multi-byte sequence's context is kept.
  const sample = first < 0 ? buf.subarray(0, 0) : buf.subarray(Math.max(0, first - 64), first + SNIFF_SAMPLE_BYTES);
  let best = { encoding: 'windows-1252', score: -Infinity };
  for (const cand of LEGACY) {
    const { score } = scoreDecoding(sample, cand);
    if (score > best.score) best = { encoding: cand.encoding, score };
  }
  return best.encoding;
}

function decodeWith(buf: Buffer, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(buf);
  return iconv.decode(buf, encoding === 'us-ascii' ? 'latin1' : encoding);
}

/**
 * C1 control characters (U+0080–U+009F) in decoded text are, in practice, windows-1252 punctuation that
 * went through a latin-1 or UTF-8 conversion on the publisher's side ("don\u0092t"); nobody means the
 * controls. They are mapped back to the windows-1252 characters (feedparser does the same); the five
 * positions windows-1252 leaves undefined stay as they are.
 */
export function demoronize(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => {
    const mapped = iconv.decode(Buffer.from([c.charCodeAt(0)]), 'windows-1252');
    return mapped === '\ufffd' ? c : mapped;
  });
}

/** Decodes feed bytes; never throws (undecodable bytes become U+FFFD). */
export function decodeFeedBytes(buf: Buffer, contentTypeHeader?: string | null): DecodedText {
  const bom = sniffBom(buf);
  const body = bom ? buf.subarray(bom.length) : buf;
  const wide = bom ? null : sniffWidePattern(buf);
  const headEncoding = bom?.encoding ?? wide ?? 'latin1';
  const head = iconv.decode(body.subarray(0, 512), headEncoding);
  const declared = xmlDeclaredEncoding(head);
  const { mime, charset } = parseContentType(contentTypeHeader);
  const http = charset ? canonicalEncoding(charset) : null;
  const decl = declared ? canonicalEncoding(declared) : null;
  let mismatch = mime !== null && !isXmlMime(mime) && !/json/.test(mime);

  if (bom) return { text: decodeWith(body, bom.encoding), encoding: bom.encoding, mismatch: mismatch || !fits(body, bom.encoding) };
  if (wide) {
    // A declaration of plain "utf-16" says nothing about byte order, so the sniffed pattern decides.
    return { text: decodeWith(body, wide), encoding: wide, mismatch };
  }

  let chosen: string | null;
  if (mime && /^text\//.test(mime) && isXmlMime(mime)) chosen = http ?? 'us-ascii';
  else if (mime && isXmlMime(mime)) chosen = http ?? decl ?? 'utf-8';
  else chosen = http ?? decl ?? null;

  if (chosen && /^utf-(16|32)$/.test(chosen)) chosen = chosen + 'le';
  if (chosen && fits(body, chosen)) return { text: decodeWith(body, chosen), encoding: chosen, mismatch };

  // The declared charset does not fit the bytes (or none was given): try the other evidence, then UTF-8,
  // then the sniffer. A missing declaration with non-UTF-8 bytes is itself a defect (feedparser's bozo).
  for (const alt of [decl, http, 'utf-8']) {
    if (alt && alt !== chosen && fits(body, alt)) {
      const silentDefault = chosen === null && alt === 'utf-8';
      return { text: decodeWith(body, alt), encoding: alt, mismatch: mismatch || !silentDefault };
    }
  }
  const sniffed = sniffLegacyEncoding(body);
  mismatch = true;
  return { text: decodeWith(body, sniffed), encoding: sniffed, mismatch };
}
